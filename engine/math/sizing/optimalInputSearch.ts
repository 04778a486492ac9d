import type { Route } from '../../market/types.js'
import { logSpotRate } from '../logSpotRate.js'
import { Q96 } from '../v3/constants.js'
import { quoteRouteMarginal } from '../quoteRouteMarginal.js'
import { routeInputBound } from './routeInputBound.js'
import type { SizedTrade } from './types.js'

export type OptimalInputSearchOptions = {
  /** Hard cap on the input (e.g. inventory or a risk limit), start-token base units. */
  maxAmountIn?: bigint
  /** Stop when the bracket is narrower than this fraction of its lower end (default 2^-16 ≈ 1.5e-5; profit
   * is flat there: being off by a fraction d costs about 2d² of the profit). */
  relativeTolerance?: number
  /** Stop when |marginal rate - 1| falls below this (default 1e-9). */
  slopeTolerance?: number
  /** Iteration cap of the bracketed search (default 60). */
  maxIterations?: number
}

/**
 * Input that maximizes quoteRoute(x) - x for any route (V2 and V3 hops), by a bracketed search on bigint:
 * profit is concave in x, so its slope (the route's marginal rate - 1, from `quoteRouteMarginal`) falls
 * through zero once in [0, upper], upper = min(maxAmountIn, routeInputBound(route)). The bracket starts from
 * a linearized estimate of the optimum (widened 4x at a time while the slope is still positive) and shrinks
 * by Illinois false position with a bisection safeguard; every evaluation is an exact integer quote, and
 * the best exact profit seen wins. The result is optimal to within the tolerance (profit is flat
 * there), not the exact integer argmax; use `optimalInputV2V2` for two V2 pools.
 * Returns null when no input makes a positive profit.
 *
 * @example
 * const sized = optimalInputSearch(route, { maxAmountIn: 100n * 10n ** 18n })
 * if (sized) console.log(sized.amountIn, sized.profit)
 */
export function optimalInputSearch(route: Route, options: OptimalInputSearchOptions = {}): SizedTrade | null {
  let upper = routeInputBound(route)
  if (options.maxAmountIn !== undefined && options.maxAmountIn < upper) upper = options.maxAmountIn
  if (upper < 1n) return null
  const tolerance = options.relativeTolerance ?? 2 ** -16
  const maxIterations = options.maxIterations ?? 60
  const slopeTolerance = options.slopeTolerance ?? 1e-9

  let best: SizedTrade | null = null
  const consider = (amountIn: bigint, amountOut: bigint): void => {
    const profit = amountOut - amountIn
    if (profit > 0n && (best === null || profit > best.profit)) best = { amountIn, amountOut, profit }
  }

  // The slope at 0 is the product of the hops' spot rates.
  let logRate = 0
  for (const hop of route.hops) logRate += logSpotRate(hop.pool, hop.zeroForOne)
  const gain = Math.expm1(logRate)
  if (!(gain > 0)) return null

  // First trial from the linearized slope, g(x) ~ gain - 2x * sum(rate to hop i / depth of hop i), then
  // widen by 4x until the slope turns negative or the cap is reached. Saves quoting at the far bound.
  let lo = 0n
  let gLo = gain
  let hi = upper
  let gHi = Number.NaN
  const seed = Math.round(gain / (2 * routeImpact(route)))
  let x = Number.isFinite(seed) && seed >= 1 ? (BigInt(seed) < upper ? BigInt(seed) : upper) : 1n
  for (;;) {
    const q = quoteRouteMarginal(route, x)
    consider(x, q.amountOut)
    const g = q.marginalRate - 1
    if (g > 0) {
      lo = x
      gLo = g
      if (x >= upper) return best // still rising at the cap
      x = x * 4n > upper ? upper : x * 4n
    } else {
      hi = x
      gHi = g
      break
    }
  }

  let lastSide = 0
  let stale = 0
  for (let i = 0; i < maxIterations && hi - lo > 1n; i++) {
    if (Number.isNaN(gHi)) break
    const width = hi - lo
    if (Number(width) <= Number(lo) * tolerance) break
    let next: bigint
    if (stale >= 2) {
      // False position is creeping from one side: bisect, geometrically while the bracket spans decades.
      next = lo > 0n && hi / lo > 4n ? BigInt(Math.floor(Math.sqrt(Number(lo) * Number(hi)))) : (lo + hi) / 2n
      stale = 0
    } else {
      next = lo + BigInt(Math.floor(Number(width) * (gLo / (gLo - gHi))))
    }
    if (next <= lo) next = lo + 1n
    if (next >= hi) next = hi - 1n

    const q = quoteRouteMarginal(route, next)
    consider(next, q.amountOut)
    const g = q.marginalRate - 1
    if (g > 0) {
      // Illinois: when the same end moves twice, halve the slope kept at the other end.
      if (lastSide === 1) (gHi /= 2), stale++
      else stale = 0
      lastSide = 1
      lo = next
      gLo = g
    } else {
      if (lastSide === -1) (gLo /= 2), stale++
      else stale = 0
      lastSide = -1
      hi = next
      gHi = g
    }
    // A slope this flat means the remaining profit gain is far below one base unit per unit of depth;
    // past it, integer rounding in the hops (a staircase) dominates the float slope.
    if (Math.abs(g) < slopeTolerance) break
  }

  return best
}

/**
 * Sum over hops of (spot rate from the start token to the hop's input) / (the hop's depth in its input
 * token): V2 reserveIn, V3 virtual reserve L·2^96/sqrtP (token0 in) or L·sqrtP/2^96 (token1 in). The route's
 * marginal rate falls by about 2x times this for an input x. Float; only seeds the search.
 */
function routeImpact(route: Route): number {
  let impact = 0
  let logRate = 0
  for (const hop of route.hops) {
    const pool = hop.pool
    let depth: number
    if (pool.kind === 'v2') depth = Number(hop.zeroForOne ? pool.reserve0 : pool.reserve1)
    else if (pool.kind === 'balancer') {
      // A weighted pool moves like a constant-product one with its input balance scaled by wOut / wIn.
      const [balance, wIn, wOut] = hop.zeroForOne ? [pool.balance0, pool.weight0, pool.weight1] : [pool.balance1, pool.weight1, pool.weight0]
      depth = (Number(balance) * Number(wOut)) / Number(wIn)
    } else {
      const p = Number(pool.sqrtPriceX96) / Number(Q96)
      depth = hop.zeroForOne ? Number(pool.liquidity) / p : Number(pool.liquidity) * p
    }
    impact += Math.exp(logRate) / depth
    logRate += logSpotRate(pool, hop.zeroForOne)
  }
  return impact
}
