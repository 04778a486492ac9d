import { describe, expect, it } from 'vitest'
import type { DevnetToken } from '../../devnet/devnetPlan.js'
import { weightedSwapGivenIn } from '../../math/balancer/weightedSwapGivenIn.js'
import { getAmountOut } from '../../math/v2/getAmountOut.js'
import { afterTransferTax } from '../../math/transferTax.js'
import { weightedMidPrice } from './midPrice.js'
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

/** An 80/20 WETH/USDC weighted pool (fee 0.5%) with `weth` whole WETH at `price` USDC per WETH. */
function weighted(index: number, weth: number, price: number): { pool: ScenarioPool; state: PoolState } {
  const w0 = 8n * 10n ** 17n
  const w1 = 2n * 10n ** 17n
  return {
    pool: { index, address: `0x${String(index).padStart(40, 'b')}`, venue: 'balancer-v2', kind: 'weighted', fee: 5000, token0: WETH, token1: USDC, symbol0: 'WETH', symbol1: 'USDC', decimals0: 18, decimals1: 6, id: `0x${'1'.repeat(64)}` },
    // Spot price (b1/w1)/(b0/w0): b1 = price · b0 · w1/w0.
    state: { kind: 'weighted', balance0: BigInt(weth) * 10n ** 18n, balance1: (BigInt(Math.round(weth * price)) * 10n ** 6n * w1) / w0, weight0: w0, weight1: w1 },
  }
}

/** A WETH/USDC V4 pool (fee 0.3%, tick spacing 60) at `price` USDC per WETH with liquidity `liquidity`. */
function v4(index: number, price: number, liquidity: bigint): { pool: ScenarioPool; state: PoolState } {
  const sqrtPriceX96 = BigInt(Math.round(Math.sqrt(price * 1e-12) * 2 ** 96))
  return {
    pool: { index, address: '0x00000000000000000000000000000000000000f4', venue: 'uniswap-v4', kind: 'v3', fee: 3000, token0: WETH, token1: USDC, symbol0: 'WETH', symbol1: 'USDC', decimals0: 18, decimals1: 6, id: `0x${'2'.repeat(64)}`, tickSpacing: 60 },
    state: { kind: 'v3', sqrtPriceX96, tick: Math.floor(Math.log(price * 1e-12) / Math.log(1.0001)), liquidity },
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

describe('planBlock on Balancer and V4 pools', () => {
  const stress = { ...scenarioProfiles.stress, liquidityEventProbability: 0, rivals: { ...scenarioProfiles.stress.rivals, probability: 1 } }

  it('backruns a weighted pool to its fee band with a Vault swap whose output is the pool’s exact GIVEN_IN output', () => {
    // 3% above the reference, fee band 0.5%.
    const m = weighted(0, 1_000, 2_060)
    const plan = planBlock(input([m], { profile: stress }))
    expect(plan).toHaveLength(1)
    const a = plan[0]!
    if (a.type !== 'balancer-swap') throw new Error(`expected a balancer-swap, got ${a.type}`)
    expect(a).toMatchObject({ role: 'competitor', zeroForOne: true })
    expect(a.priorityFee).toBeGreaterThanOrEqual(MIN_RIVAL_TIP)
    const s = m.state as Extract<PoolState, { kind: 'weighted' }>
    const side = { balanceIn: s.balance0, balanceOut: s.balance1, weightIn: s.weight0, weightOut: s.weight1, scalingIn: 10n ** 18n, scalingOut: 10n ** 30n, swapFee: 5n * 10n ** 15n, powShortcuts: true }
    expect(a.amountOut).toBe(weightedSwapGivenIn(a.amountIn, side))
    const after = { ...s, balance0: s.balance0 + a.amountIn, balance1: s.balance1 - a.amountOut }
    // Back to the band's edge, 0.5% above 2,000 (the fee taken on the input stops it a hair short).
    const gap = Math.log(weightedMidPrice(after, 18, 6) / 2_000)
    expect(gap).toBeGreaterThan(0.004)
    expect(gap).toBeLessThan(0.0065)
  })

  it('backruns a V4 pool like a V3 pool, as a V4 swap stopped at the band’s edge', () => {
    const m = v4(0, 1_960, 10n ** 17n)
    const plan = planBlock(input([m], { profile: stress }))
    expect(plan).toHaveLength(1)
    const a = plan[0]!
    if (a.type !== 'v4-swap') throw new Error(`expected a v4-swap, got ${a.type}`)
    expect(a).toMatchObject({ role: 'competitor', zeroForOne: false })
    const limitPrice = (Number(a.sqrtPriceLimitX96) / 2 ** 96) ** 2 * 1e12
    expect(Math.log(limitPrice / 2_000)).toBeCloseTo(-0.003, 4)
  })

  it('sends noise to weighted and V4 pools too, and never plans liquidity events on them', () => {
    const markets = [weighted(0, 1_000, 2_000), v4(1, 2_000, 10n ** 17n)]
    const types = new Set<string>()
    for (let seed = 1; seed <= 20; seed++) {
      const plan = planBlock(input(markets, { demandScale: 1, rng: createRandom(seed, 'plan-test'), profile: { ...stress, liquidityEventProbability: 1 } }))
      for (const a of plan) types.add(a.type)
    }
    expect([...types].sort()).toEqual(['balancer-swap', 'v4-swap'])
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

describe('planBlock on a taxed pair', () => {
  const TAX = '0x00000000000000000000000000000000000000a1' as const
  /** A TAX/WETH pair (token0 TAX, 5% per transfer) with `weth` whole WETH at `price` TAX per WETH. */
  const taxed = (index: number, weth: number, price: number): { pool: ScenarioPool; state: PoolState } => ({
    pool: { index, address: `0x${String(index).padStart(40, 'c')}`, venue: 'sushiswap', kind: 'v2', fee: 3000, token0: TAX, token1: WETH, symbol0: 'TAX', symbol1: 'WETH', decimals0: 18, decimals1: 18, transferTaxBps: [500, 0] },
    state: { kind: 'v2', reserve0: BigInt(Math.round(weth * price)) * 10n ** 18n, reserve1: BigInt(weth) * 10n ** 18n },
  })

  it('plans swaps whose output and reserves carry the tax both ways, never rivals or liquidity on the pair', () => {
    // 4% off a $1 TAX at $2,000 per ETH: informed and noise traders trade it, rivals (probability 1) do not.
    const market = taxed(0, 100, 2_080)
    const plan = planBlock(input([market], { reference: { ...reference, TAX: 1 }, demandScale: 2.5, profile: { ...input([market]).profile, liquidityEventProbability: 1 } }))
    expect(plan.length).toBeGreaterThan(0)
    expect(plan.every((a) => a.type === 'v2-swap' && a.role !== 'competitor')).toBe(true)
    let { reserve0, reserve1 } = market.state as Extract<PoolState, { kind: 'v2' }>
    for (const a of plan) {
      if (a.type !== 'v2-swap') throw new Error('expected V2 swaps')
      // Selling TAX: the pair receives 95% of it. Buying TAX: the trader receives 95% of what the pair sends.
      const received = a.zeroForOne ? afterTransferTax(a.amountIn, 500) : a.amountIn
      const sent = a.zeroForOne ? getAmountOut(received, reserve0, reserve1, 30) : getAmountOut(received, reserve1, reserve0, 30)
      expect(a.amountOut).toBe(a.zeroForOne ? sent : afterTransferTax(sent, 500))
      if (a.zeroForOne) [reserve0, reserve1] = [reserve0 + received, reserve1 - sent]
      else [reserve0, reserve1] = [reserve0 - sent, reserve1 + received]
    }
  })

  it('names TAX when the reference prices lack it', () => {
    expect(() => planBlock(input([taxed(0, 100, 2_000)], { demandScale: 1 }))).toThrow(/reference prices have no TAX/)
  })
})
