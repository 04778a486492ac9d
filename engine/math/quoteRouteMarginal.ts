import type { Address, Route } from '../market/types.js'
import { getAmountOut } from './v2/getAmountOut.js'
import { quoteBalancerHop, weightedSide } from './balancer/quoteBalancerHop.js'
import { swapExactInput } from './v3/quoteExactInput.js'
import { swapExactInputV4 } from './v4/swapExactInputV4.js'
import { v4SwapFee } from './v4/v4SwapFee.js'
import { afterTransferTax, canRouteTaxed, routeTransferTaxes } from './transferTax.js'

/** A route quote with the route's marginal rate (d amountOut / d amountIn) at that size. */
export type MarginalQuote = { amountOut: bigint; marginalRate: number }

const Q96_FLOAT = 2 ** 96

/**
 * Like `quoteRoute`, and also the marginal rate of the whole route after the swap: the product of each hop's
 * marginal rate at the amount it receives, fees included (V2: the derivative of the pair's formula; V3: the
 * post-swap price times (1 - fee); a taxed output times (1 - tax)). The rate is a float and only guides sizing;
 * amounts stay exact.
 * A hop that stops at its price limit has rate 0.
 */
export function quoteRouteMarginal(route: Route, amountIn: bigint): MarginalQuote {
  const taxes = routeTransferTaxes(route)
  if (!canRouteTaxed(route, taxes)) return { amountOut: 0n, marginalRate: 0 }
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
    } else if (pool.kind === 'balancer') {
      // d out / d in of bO·(1 − (bI / (bI + a(1 − f)))^(wI/wO)) at the swap's effective input.
      const side = weightedSide(pool, hop.zeroForOne)
      const gamma = 1 - Number(side.swapFee) / 1e18
      const r = Number(side.weightIn) / Number(side.weightOut)
      const bIn = Number(side.balanceIn)
      const effective = bIn + gamma * Number(amount)
      rate *= gamma * r * Number(side.balanceOut) * Math.pow(bIn / effective, r) / effective
      amount = quoteBalancerHop(pool, hop.zeroForOne, amount)
      if (amount === 0n) return { amountOut: 0n, marginalRate: 0 }
    } else {
      if (pool.liquidity <= 0n && pool.ticks.length === 0) return { amountOut: 0n, marginalRate: 0 }
      const q = pool.kind === 'v3' ? swapExactInput(pool, hop.zeroForOne, amount, undefined, false) : swapExactInputV4(pool, hop.zeroForOne, amount)
      const fee = pool.kind === 'v3' ? pool.fee : v4SwapFee(pool.fee, pool.protocolFee, hop.zeroForOne)
      if (q.amountInUsed < amount || q.liquidityAfter === 0n) rate = 0
      else {
        const p = Number(q.sqrtPriceX96After) / Q96_FLOAT
        rate *= (1 - fee / 1_000_000) * (hop.zeroForOne ? p * p : 1 / (p * p))
      }
      amount = q.amountOut
    }
    const tax = taxes.get(hop.tokenOut.toLowerCase() as Address)
    if (tax !== undefined) {
      amount = afterTransferTax(amount, tax)
      rate *= 1 - tax / 10_000
    }
  }
  return { amountOut: amount, marginalRate: rate }
}
