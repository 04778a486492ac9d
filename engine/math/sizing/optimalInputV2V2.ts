import type { Route } from '../../market/types.js'
import { sqrt } from '../sqrt.js'
import { getAmountOut } from '../v2/getAmountOut.js'
import { routeTransferTaxes } from '../transferTax.js'
import { optimalInputSearch } from './optimalInputSearch.js'
import type { SizedTrade } from './types.js'

/** Window half-widths up to this are scanned exhaustively, which makes the result the exact integer argmax. */
const SCAN_LIMIT = 128n

/**
 * Profit-maximizing input for a two-hop cycle through two V2 pairs (buy on one, sell on the other).
 * The pair formulas compose to out(x) = A·x / (B + C·x) with
 * A = gA·gB·aOut·bOut, B = 10^8·aIn·bIn, C = 10^4·gA·bIn + gA·gB·aOut (g = 10000 - feeBps), whose maximum
 * of out(x) - x is at x* = (sqrt(A·B) - B) / C, computed with an integer square root. Integer rounding in the
 * pairs moves the true argmax by at most a window that follows from the curvature, searched over the input
 * or over the middle token's amount, whichever is narrower. Windows up to 257 units are scanned
 * exhaustively, so the result is the exact integer argmax (smallest input on ties); wider windows (deep
 * pools with fine units) take the closed-form point, whose profit is within the rounding noise of the exact
 * maximum (< 2 base units of the start token when searched over the middle token, < 2 + m2 over the input,
 * m2 = the second pair's marginal rate). Returns null when no input is profitable. A route through a taxed token
 * (`transferTaxBps`) is sized by `optimalInputSearch` instead.
 *
 * @example
 * const sized = optimalInputV2V2({ startToken: weth, hops: [buyOnSushi, sellOnUniswap] })
 */
export function optimalInputV2V2(route: Route, maxAmountIn?: bigint): SizedTrade | null {
  const [first, second] = route.hops
  if (!first || !second || route.hops.length !== 2 || first.pool.kind !== 'v2' || second.pool.kind !== 'v2') {
    throw new TypeError('optimalInputV2V2 needs a route of exactly two V2 hops')
  }
  // The closed form has no transfer tax in it: a taxed middle token is sized by the search on exact quotes.
  if (routeTransferTaxes(route).size > 0) return optimalInputSearch(route, maxAmountIn === undefined ? {} : { maxAmountIn })
  const a = first.pool
  const b = second.pool
  const [aIn, aOut] = first.zeroForOne ? [a.reserve0, a.reserve1] : [a.reserve1, a.reserve0]
  const [bIn, bOut] = second.zeroForOne ? [b.reserve0, b.reserve1] : [b.reserve1, b.reserve0]
  if (aIn <= 0n || aOut <= 0n || bIn <= 0n || bOut <= 0n) return null
  const gA = BigInt(10_000 - a.feeBps)
  const gB = BigInt(10_000 - b.feeBps)

  const A = gA * gB * aOut * bOut
  const B = 100_000_000n * aIn * bIn
  const C = 10_000n * gA * bIn + gA * gB * aOut
  if (A <= B) return null // marginal rate at zero is A / B <= 1

  const cap = maxAmountIn ?? 4n * aIn
  if (cap < 1n) return null
  let x0 = (10_000n * sqrt(gA * gB * aOut * bOut * aIn * bIn) - B) / C
  if (x0 < 1n) x0 = 1n
  if (x0 > cap) x0 = cap

  const gAf = 1 - a.feeBps / 10_000
  const gBf = 1 - b.feeBps / 10_000
  const xf = Number(x0)
  const yf = (gAf * Number(aOut) * xf) / (Number(aIn) + gAf * xf)
  const m1 = (gAf * Number(aIn) * Number(aOut)) / (Number(aIn) + gAf * xf) ** 2
  const m2 = (gBf * Number(bIn) * Number(bOut)) / (Number(bIn) + gBf * yf) ** 2
  // Curvature of the continuous profit at the optimum: f''(x) = -2C / sqrt(AB).
  const curvature = (2 * Number(C)) / (Math.sqrt(Number(A)) * Math.sqrt(Number(B)))

  // Two exact views of the integer profit. Over x: f(x) = out2(out1(x)) - x, which sits below the continuous
  // profit by < 2 + m2 (a lost unit of the middle token is worth m2). Over the middle amount y: every optimal
  // x is the least input that buys its y, xMin(y) = ceil(y·aIn·10^4 / (gA·(aOut - y))), and
  // h(y) = out2(y) - xMin(y) sits within 2 of the continuous profit, with curvature f'' / m1^2.
  // The integer argmax lies where the continuous profit is within that noise of its maximum.
  const halfX = BigInt(Math.ceil(Math.sqrt((2 * (2 + m2)) / curvature))) + 2n
  const halfY = BigInt(Math.ceil(Math.sqrt((2 * 2 * m1 * m1) / curvature))) + 2n

  const profitAtX = (x: bigint): bigint => {
    const y = getAmountOut(x, aIn, aOut, a.feeBps)
    return y === 0n ? -x : getAmountOut(y, bIn, bOut, b.feeBps) - x
  }
  const xMin = (y: bigint): bigint => divCeil(y * aIn * 10_000n, gA * (aOut - y))
  const profitAtY = (y: bigint): bigint => getAmountOut(y, bIn, bOut, b.feeBps) - xMin(y)

  let best: { t: bigint; profit: bigint }
  let toInput: (t: bigint) => bigint
  if (halfY <= halfX) {
    const y0 = getAmountOut(x0, aIn, aOut, a.feeBps)
    const yCap = getAmountOut(cap, aIn, aOut, a.feeBps)
    const lo = y0 - halfY < 1n ? 1n : y0 - halfY
    const hi = y0 + halfY > yCap ? yCap : y0 + halfY
    if (hi < lo) return null
    best = maximize(profitAtY, lo, hi, y0 < lo ? lo : y0 > hi ? hi : y0)
    toInput = xMin
  } else {
    const lo = x0 - halfX < 1n ? 1n : x0 - halfX
    const hi = x0 + halfX > cap ? cap : x0 + halfX
    best = maximize(profitAtX, lo, hi, x0 < lo ? lo : x0 > hi ? hi : x0)
    toInput = (x) => x
  }
  if (best.profit <= 0n) return null
  const amountIn = toInput(best.t)
  return { amountIn, amountOut: amountIn + best.profit, profit: best.profit }
}

function divCeil(n: bigint, d: bigint): bigint {
  const q = n / d
  return q * d === n ? q : q + 1n
}

/**
 * Largest value of `f` on [lo, hi] and the smallest argument reaching it, by an exhaustive scan when the
 * range is at most 2 * SCAN_LIMIT wide (exact). Wider ranges mean the profit is flat to within the rounding
 * noise over many units, so the continuous optimum `center` and its neighbours are taken: their profit is
 * within that noise of the exact maximum.
 */
function maximize(f: (t: bigint) => bigint, lo: bigint, hi: bigint, center: bigint): { t: bigint; profit: bigint } {
  let best = { t: lo, profit: f(lo) }
  const consider = (t: bigint): void => {
    const p = f(t)
    if (p > best.profit || (p === best.profit && t < best.t)) best = { t, profit: p }
  }
  if (hi - lo <= 2n * SCAN_LIMIT) {
    for (let t = lo + 1n; t <= hi; t++) consider(t)
    return best
  }
  for (const t of [center - 1n, center, center + 1n]) if (t >= lo && t <= hi) consider(t)
  return best
}
