/** A Uniswap V2 pair's reserves at the end of a block (token order). */
export type V2PoolState = { reserve0: bigint; reserve1: bigint }

/** A Uniswap V3 pool's price, current tick and active liquidity at the end of a block. */
export type V3PoolState = { sqrtPriceX96: bigint; tick: number; liquidity: bigint }

/** Which devnet pool stands in for a series: token symbols in pool order, venue and fee (pips). */
export type PoolIdentity = {
  venue: 'uniswap-v2' | 'sushiswap' | 'uniswap-v3'
  fee: number
  token0: string
  token1: string
  /** The real pool's address, when known (recorded in the manifest note, never used on the devnet). */
  sourceAddress?: string
}

/** Per-block end states of one pool: `initial` holds before the first block of the window. */
export type PoolSeries =
  | { kind: 'v2'; identity: PoolIdentity; origin: string; initial: V2PoolState; updates: Map<bigint, V2PoolState> }
  | {
      kind: 'v3'
      identity: PoolIdentity
      origin: string
      initial: V3PoolState
      /**
       * True when `initial` is a state the data gives; false when it was reconstructed from the first swap
       * (see reconstructPreSwapState: it reproduces that swap, within ~2^96/L of the real sqrtPrice).
       */
      initialFromData: boolean
      updates: Map<bigint, V3PoolState>
    }

/** One block of the window: its real number and timestamp (`timestampExact` false when inferred) and base fee. */
export type TimelineBlock = { number: bigint; timestamp: bigint; timestampExact: boolean; baseFee: bigint; baseFeeExact: boolean }

/**
 * Everything a re-enactment needs: the blocks of a window in order, and each pool's state at the end of
 * every block (a block without an update keeps the previous state).
 */
export type HistoryTimeline = { from: bigint; to: bigint; blocks: TimelineBlock[]; pools: PoolSeries[] }
