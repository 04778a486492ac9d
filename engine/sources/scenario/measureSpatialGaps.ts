import { ethToTokenRate } from '../../costs/ethToTokenRate.js'
import { gasFloor } from '../../costs/gasFloor.js'
import { netProfit } from '../../costs/netProfit.js'
import type { Address, MarketState, Pool } from '../../market/types.js'
import { detect } from '../../pipeline/detect.js'
import { v3VirtualReserves } from './midPrice.js'

/** One pool pair with an opportunity that pays its gas at one block. */
export type SpatialGap = {
  /** The two pool addresses, sorted, joined by '/'. */
  pair: string
  startToken: Address
  /** Expected profit less the gas floor at the block's base fee plus `priorityFee`, in start-token base units. */
  netProfit: bigint
  /** Start-token depth of the shallower pool: a V2 reserve, or a V3 pool's virtual reserve at its price. */
  depth: bigint
}

/** What one block holds: the pool pairs that could trade against each other, and those that pay their gas. */
export type BlockGaps = { pairs: number; gaps: SpatialGap[] }

/**
 * Measures the two-pool arbitrage a market holds at one block, with the engine's own detection: the spatial
 * strategy (every token as a start token) through `detect`, each opportunity's expected profit less the gas
 * floor the pipeline's pre-filter charges (`gasFloor`, `netProfit`, gas priced through WETH pools).
 * `pairs` counts the pool pairs that share both tokens (those a two-pool cycle can use); `gaps` holds at most
 * one entry per such pair, its best opportunity, when that pays its gas. Pure: the same state gives the same
 * answer, on a generated scenario and on re-enacted real history alike, which is what calibration compares.
 *
 * @example
 * const { pairs, gaps } = measureSpatialGaps(await reader.read(block), { weth, priorityFee: 0n, mode: 'flash' })
 */
export function measureSpatialGaps(state: MarketState, options: { weth: Address; priorityFee: bigint; mode: 'capital' | 'flash' }): BlockGaps {
  const found = detect(state, [{ name: 'spatial', config: { minProfit: 1n } }], performance.now(), Number.POSITIVE_INFINITY)
  const best = new Map<string, SpatialGap>()
  for (const { opportunity: o } of found) {
    const rate = ethToTokenRate(state, options.weth, o.route.startToken)
    if (!rate) continue
    const net = netProfit({
      grossProfit: o.expectedProfit,
      gasUsed: gasFloor(o.route, options.mode),
      baseFee: state.baseFee,
      priorityFee: options.priorityFee,
      flashFee: 0n,
      ethToStart: rate,
    }).netProfit
    if (net <= 0n) continue
    const [a, b] = o.route.hops.map((h) => h.pool)
    const pair = [a!.address, b!.address].sort().join('/')
    const depthA = depthIn(a!, o.route.startToken)
    const depthB = depthIn(b!, o.route.startToken)
    const gap: SpatialGap = { pair, startToken: o.route.startToken, netProfit: net, depth: depthA < depthB ? depthA : depthB }
    const seen = best.get(pair)
    if (!seen || relative(gap) > relative(seen)) best.set(pair, gap)
  }
  return { pairs: countPairs(state.pools), gaps: [...best.values()] }
}

/** Net profit over depth, as a float (a figure to report, never an amount). */
export function relative(gap: SpatialGap): number {
  return gap.depth === 0n ? 0 : Number(gap.netProfit) / Number(gap.depth)
}

function depthIn(pool: Pool, token: Address): bigint {
  if (pool.kind === 'v2') return token === pool.token0 ? pool.reserve0 : pool.reserve1
  if (pool.kind === 'balancer') return token === pool.token0 ? pool.balance0 : pool.balance1
  const v = v3VirtualReserves(pool.liquidity, pool.sqrtPriceX96)
  return token === pool.token0 ? v.reserve0 : v.reserve1
}

function countPairs(pools: readonly Pool[]): number {
  const byTokens = new Map<string, number>()
  for (const p of pools) {
    const key = [p.token0, p.token1].sort().join('/')
    byTokens.set(key, (byTokens.get(key) ?? 0) + 1)
  }
  let pairs = 0
  for (const n of byTokens.values()) pairs += (n * (n - 1)) / 2
  return pairs
}
