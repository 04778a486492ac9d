/** A named real-history dataset: files under the shared data folder and the window they all cover. */
export type RealDataset = {
  name: string
  description: string
  /** Paths relative to the shared data folder. */
  v2: { path: string; pool?: string }[]
  v3: { path: string; pool?: string }[]
  from: bigint
  to: bigint
}

const v3Dir = 'history/uniswap-v3-usdc-weth-2024-01-05'

/** The datasets `createRealHistorySource` knows by name. */
export const realDatasets: Record<string, RealDataset> = {
  'real-usdc-weth-2024-01-05': {
    name: 'real-usdc-weth-2024-01-05',
    description:
      'Mainnet USDC/WETH on 2024-01-05: Uniswap V2 (0xb4e1…c9dc) reserves, Uniswap V3 0.05% (0x88e6…5640) and 0.30% (0x8ad5…e6d8) price and active liquidity, blocks 18,937,382–18,944,480',
    v2: [{ path: 'history/uniswap-v2-usdc-weth/reserves.csv', pool: 'USDC/WETH@3000:uniswap-v2' }],
    v3: [
      { path: `${v3Dir}/ethereum-0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640-2024-01-05.tick.csv` },
      { path: `${v3Dir}/ethereum-0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8-2024-01-05.pool.tick.csv` },
    ],
    from: 18_937_382n,
    to: 18_944_480n,
  },
}
