import { describe, expect, it } from 'vitest'
import type { Address, MarketState, Token, V2Pool } from '../../market/types.js'
import { measureSpatialGaps, relative } from './measureSpatialGaps.js'
import { summarizeSpatialGaps } from './summarizeSpatialGaps.js'

const WETH = '0x00000000000000000000000000000000000000e1' as Address
const USDC = '0x00000000000000000000000000000000000000c1' as Address
const DAI = '0x00000000000000000000000000000000000000d1' as Address
const E18 = 10n ** 18n

const pair = (n: number, token1: Address, weth: bigint, other: bigint): V2Pool => ({
  kind: 'v2',
  address: `0x${String(n).padStart(40, '0')}`,
  venue: n % 2 ? 'uniswap-v2' : 'sushiswap',
  token0: WETH,
  token1,
  reserve0: weth * E18,
  reserve1: other,
  feeBps: 30,
})

function market(pools: V2Pool[], baseFee = 20n * 10n ** 9n): MarketState {
  const tokens = new Map<Address, Token>([
    [WETH, { address: WETH, symbol: 'WETH', decimals: 18 }],
    [USDC, { address: USDC, symbol: 'USDC', decimals: 6 }],
    [DAI, { address: DAI, symbol: 'DAI', decimals: 18 }],
  ])
  return { blockNumber: 1n, timestamp: 0n, baseFee, tokens, pools }
}

describe('measureSpatialGaps', () => {
  const options = { weth: WETH, priorityFee: 0n, mode: 'flash' as const }

  it('counts the pool pairs sharing both tokens, and reports a gap that pays its gas once, against the shallower pool', () => {
    // Two WETH/USDC pairs 2% apart (1,000 and 3,000 WETH deep), one WETH/DAI pair alone.
    const state = market([pair(1, USDC, 1_000n, 2_000_000n * 10n ** 6n), pair(2, USDC, 3_000n, 6_120_000n * 10n ** 6n), pair(3, DAI, 500n, 1_000_000n * E18)])
    const { pairs, gaps } = measureSpatialGaps(state, options)
    expect(pairs).toBe(1)
    expect(gaps).toHaveLength(1)
    const [gap] = gaps
    expect(gap!.pair).toBe([state.pools[0]!.address, state.pools[1]!.address].sort().join('/'))
    expect(gap!.netProfit).toBeGreaterThan(0n)
    // Depth in the start token, of the shallower pool.
    expect(gap!.depth).toBe(gap!.startToken === WETH ? 1_000n * E18 : 2_000_000n * 10n ** 6n)
    expect(relative(gap!)).toBeGreaterThan(0)
  })

  it('leaves out a gap whose profit does not pay the gas floor at the block base fee', () => {
    // 0.7% apart: beyond the two 0.3% fees, cents on 10-WETH pairs, far less than the gas floor at 2,000 gwei.
    const state = market([pair(1, USDC, 10n, 20_000n * 10n ** 6n), pair(2, USDC, 10n, 20_140n * 10n ** 6n)], 2_000n * 10n ** 9n)
    expect(measureSpatialGaps(state, options).gaps).toEqual([])
    // The same gap on cheap gas pays.
    expect(measureSpatialGaps({ ...state, baseFee: 1n }, options).gaps).toHaveLength(1)
  })

  it('summarizes the rate over pair-blocks and the median profit over depth', () => {
    const gapBlock = measureSpatialGaps(market([pair(1, USDC, 1_000n, 2_000_000n * 10n ** 6n), pair(2, USDC, 3_000n, 6_120_000n * 10n ** 6n)]), options)
    const quiet = measureSpatialGaps(market([pair(1, USDC, 1_000n, 2_000_000n * 10n ** 6n), pair(2, USDC, 3_000n, 6_000_000n * 10n ** 6n)]), options)
    expect(quiet.gaps).toEqual([])
    const s = summarizeSpatialGaps([gapBlock, quiet, quiet, quiet])
    expect(s).toMatchObject({ blocks: 4, pairBlocks: 4, profitable: 1, rate: 0.25, blockRate: 0.25 })
    expect(s.profitToDepth.median).toBe(relative(gapBlock.gaps[0]!))
  })
})
