import type { Route } from '../market/types.js'
import { getAmountOut } from './v2/getAmountOut.js'
import { swapExactInput } from './v3/quoteExactInput.js'

/** A route quote with the route's marginal rate (d amountOut / d amountIn) at that size. */
export type MarginalQuote = { amountOut: bigint; marginalRate: number }

const Q96_FLOAT = 2 ** 96

/**
 * Like `quoteRoute`, and also the marginal rate of the whole route after the swap: the product of each hop's
 * marginal rate at the amount it receives, fees included (V2: the derivative of the pair's formula; V3: the
 * post-swap price times (1 - fee)). The rate is a float and only guides sizing; amounts stay exact.
 * A hop that stops at its price limit has rate 0.
 */
export function quoteRouteMarginal(route: Route, amountIn: bigint): MarginalQuote {
  let amount = amountIn
  let rate = 1
  for (const hop of route.hops) {
    if (amount <= 0n) return { amountOut: 0n, marginalRate: 0 }
    const pool = hop.pool
    if (pool.kind === 'v2') {
      const [reserveIn, reserveOut] = hop.zeroForOne ? [pool.reserve0, pool.reserve1] : [pool.reserve1, pool.reserve0]
      if (reserveIn <= 0n || reserveOut <= 0n) return { amountOut: 0n, marginalRate: 0 }
      const gamma = 1 - pool.feeBps / 10_000
      const rIn = Number(reserveIn)
      const d = rIn + gamma * Number(amount)
      rate *= (gamma * rIn * Number(reserveOut)) / (d * d)
      amount = getAmountOut(amount, reserveIn, reserveOut, pool.feeBps)
    } else {
      if (pool.liquidity <= 0n && pool.ticks.length === 0) return { amountOut: 0n, marginalRate: 0 }
      const q = swapExactInput(pool, hop.zeroForOne, amount, undefined, false)
      if (q.amountInUsed < amount || q.liquidityAfter === 0n) rate = 0
      else {
        const p = Number(q.sqrtPriceX96After) / Q96_FLOAT
        rate *= (1 - pool.fee / 1_000_000) * (hop.zeroForOne ? p * p : 1 / (p * p))
      }
      amount = q.amountOut
    }
  }
  return { amountOut: amount, marginalRate: rate }
}
