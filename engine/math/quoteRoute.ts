import type { Address, Route } from '../market/types.js'
import { getAmountOut } from './v2/getAmountOut.js'
import { quoteBalancerHop } from './balancer/quoteBalancerHop.js'
import { swapExactInput } from './v3/quoteExactInput.js'
import { swapExactInputV4 } from './v4/swapExactInputV4.js'
import { afterTransferTax, canRouteTaxed, routeTransferTaxes } from './transferTax.js'

/**
 * Output of swapping `amountIn` through every hop of `route` in turn, each hop exact as its pool computes it
 * (UniswapV2 pair math; the V3 swap loop with QuoterV2's default price limit, also for hookless V4 pools with
 * their fee; Balancer's weighted-pool onSwap). A hop whose output is a taxed token (a V2 pool's
 * `transferTaxBps`) delivers it less the tax, which is what the next pair swaps from its balance; a route
 * ArbExecutor cannot run through taxed tokens (`canRouteTaxed`) quotes 0. A hop that receives 0
 * yields 0 instead of reverting, so the function is total over amountIn >= 0.
 *
 * @example
 * const out = quoteRoute({ startToken: weth, hops }, 10n ** 18n)
 */
export function quoteRoute(route: Route, amountIn: bigint): bigint {
  const taxes = routeTransferTaxes(route)
  if (!canRouteTaxed(route, taxes)) return 0n
  let amount = amountIn
  for (const hop of route.hops) {
    if (amount <= 0n) return 0n
    const pool = hop.pool
    if (pool.kind === 'v2') {
      const [reserveIn, reserveOut] = hop.zeroForOne ? [pool.reserve0, pool.reserve1] : [pool.reserve1, pool.reserve0]
      if (reserveIn <= 0n || reserveOut <= 0n) return 0n
      amount = getAmountOut(amount, reserveIn, reserveOut, pool.feeBps)
    } else if (pool.kind === 'v3') {
      if (pool.liquidity <= 0n && pool.ticks.length === 0) return 0n
      amount = swapExactInput(pool, hop.zeroForOne, amount, undefined, false).amountOut
    } else if (pool.kind === 'v4') {
      if (pool.liquidity <= 0n && pool.ticks.length === 0) return 0n
      amount = swapExactInputV4(pool, hop.zeroForOne, amount).amountOut
    } else {
      amount = quoteBalancerHop(pool, hop.zeroForOne, amount)
    }
    const tax = taxes.get(hop.tokenOut.toLowerCase() as Address)
    if (tax !== undefined) amount = afterTransferTax(amount, tax)
  }
  return amount
}
