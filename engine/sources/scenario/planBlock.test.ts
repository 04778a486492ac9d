import { describe, expect, it } from 'vitest'
import type { DevnetToken } from '../../devnet/devnetPlan.js'
import { getAmountOut } from '../../math/v2/getAmountOut.js'
import { createRandom } from './createRandom.js'
import { planBlock, type PlanBlockInput } from './planBlock.js'
import { backrunProfitUsd, MIN_RIVAL_TIP, rivalBid } from './rivalBid.js'
import { scenarioProfiles } from './scenarioProfiles.js'
import type { PoolState, ScenarioPool } from './scenarioTypes.js'

const WETH = '0x00000000000000000000000000000000000000e1' as const
const USDC = '0x00000000000000000000000000000000000000c1' as const
const reference = { WETH: 2_000, USDC: 1, USDT: 1, DAI: 1, WBTC: 40_000, LTA: 15, LTB: 2 } satisfies Record<DevnetToken, number>

/** A WETH/USDC V2 pair (token0 WETH) on venue `venue`, with `weth` whole WETH at `price` USDC per WETH. */
function v2(index: number, venue: 'uniswap-v2' | 'sushiswap', weth: number, price: number): { pool: ScenarioPool; state: PoolState } {
  return {
    pool: { index, address: `0x${String(index).padStart(40, 'a')}`, venue, kind: 'v2', fee: 3000, token0: WETH, token1: USDC, symbol0: 'WETH', symbol1: 'USDC', decimals0: 18, decimals1: 6 },
    state: { kind: 'v2', reserve0: BigInt(weth) * 10n ** 18n, reserve1: BigInt(Math.round(weth * price)) * 10n ** 6n },
  }
}

function input(markets: { pool: ScenarioPool; state: PoolState }[], over: Partial<PlanBlockInput> = {}): PlanBlockInput {
  return {
    pools: markets.map((m) => m.pool),
    states: markets.map((m) => m.state),
    reference,
    profile: { ...scenarioProfiles.volatile, liquidityEventProbability: 0, rivals: { ...scenarioProfiles.volatile.rivals, probability: 1 } },
    regime: 0,
    rng: createRandom(1, 'plan-test'),
    bidRng: createRandom(1, 'bid-test'),
    gasBudget: 3_000_000n,
    demandScale: 0,
    plants: [],
    lp: { v2: new Map(), v3: new Map() },
    baseFee: 10n ** 10n,
    ...over,
  }
}

describe('planBlock rivals', () => {
  // Three pairs 3%, 1.5% and 0.4% above the reference (fee band 0.3%), the deepest gap on the deepest pair.
  const markets = [v2(0, 'uniswap-v2', 3_000, 2_060), v2(1, 'sushiswap', 1_000, 2_030), v2(2, 'uniswap-v2', 100, 2_008)]

  it('puts the rivals at the top, highest bid first, bids strictly decreasing and above every ordinary tip', () => {
    const plan = planBlock(input(markets, { demandScale: 1 }))
    const rivals = plan.filter((a) => a.priorityFee !== undefined)
    expect(rivals.length).toBeGreaterThanOrEqual(2)
    expect(plan.slice(0, rivals.length)).toEqual(rivals)
    for (const r of rivals) expect(r.priorityFee!).toBeGreaterThanOrEqual(MIN_RIVAL_TIP)
    for (let k = 1; k < rivals.length; k++) expect(rivals[k]!.priorityFee!).toBeLessThan(rivals[k - 1]!.priorityFee!)
    expect(rivals.every((r) => r.type === 'v2-swap' && r.role === 'competitor' && r.zeroForOne)).toBe(true)
  })

  it('bids a share of the profit after the base fee, and leaves a gap that does not pay its gas', () => {
    const plan = planBlock(input(markets))
    // The 0.4% gap on the 100-WETH pair is 0.1% beyond the band: a few dollars, less than the gas.
    expect(plan.map((a) => a.pool).sort()).toEqual([0, 1])
    for (const a of plan) {
      if (a.type !== 'v2-swap') throw new Error('expected V2 swaps')
      const m = markets[a.pool]!
      const s = m.state as Extract<PoolState, { kind: 'v2' }>
      expect(a.amountOut).toBe(getAmountOut(a.amountIn, s.reserve0, s.reserve1, 30))
      const after: PoolState = { kind: 'v2', reserve0: s.reserve0 + a.amountIn, reserve1: s.reserve1 - a.amountOut }
      const profitWei = (backrunProfitUsd(m.pool, m.state, after, reference) / reference.WETH) * 1e18
      const paid = Number(a.priorityFee! * a.gas)
      expect(paid).toBeLessThan(profitWei - Number(a.gas * 10n ** 10n))
      expect(paid).toBeGreaterThan(0.2 * (profitWei - Number(a.gas * 10n ** 10n)))
    }
    // Same inputs, same plan and bids.
    expect(planBlock(input(markets))).toEqual(plan)
  })

  it('in the stress market, closes every gap beyond 0.05% whatever it pays, at the minimum tip or more', () => {
    const plan = planBlock(input(markets, { profile: { ...scenarioProfiles.stress, liquidityEventProbability: 0, rivals: { ...scenarioProfiles.stress.rivals, probability: 1 } } }))
    expect(plan.map((a) => a.pool).sort()).toEqual([0, 1, 2])
    expect(plan.find((a) => a.pool === 2)!.priorityFee).toBe(MIN_RIVAL_TIP)
  })

  it('obeys planted rivals: a given bid on a pool, or nobody', () => {
    const plan = planBlock(input(markets, { rivals: [{ pool: 2, priorityFee: 7n * 10n ** 9n }, { pool: 0, priorityFee: null }] }))
    expect(plan.find((a) => a.pool === 0)).toBeUndefined()
    expect(plan.find((a) => a.pool === 2)!.priorityFee).toBe(7n * 10n ** 9n)
  })
})

describe('rivalBid', () => {
  it('is null when the profit does not pay the base fee and the minimum tip, else at least the minimum tip', () => {
    const gas = 140_000n
    const baseFee = 10n ** 10n
    expect(rivalBid({ profitUsd: 2, ethUsd: 2_000, gas, baseFee, share: 0.9 })).toBeNull()
    expect(rivalBid({ profitUsd: -5, ethUsd: 2_000, gas, baseFee, share: 0.9 })).toBeNull()
    // $100 = 0.05 ETH; less 0.0014 ETH of base fee; 80% of it over 140k gas.
    expect(rivalBid({ profitUsd: 100, ethUsd: 2_000, gas, baseFee, share: 0.8 })).toBe(BigInt(Math.floor(0.8 * (5e16 - 1.4e15))) / gas)
    expect(rivalBid({ profitUsd: 4, ethUsd: 2_000, gas, baseFee, share: 0.01 })).toBe(MIN_RIVAL_TIP)
  })
})
