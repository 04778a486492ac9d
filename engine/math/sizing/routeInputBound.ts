import type { Route } from '../../market/types.js'
import { Q96 } from '../v3/constants.js'

/**
 * An upper bound on the useful input of an arbitrage route, from its first hop: 4x the input reserve of a V2
 * pair (the price would move 25x), 30% of a Balancer pool's input balance (its limit), or for a V3/V4 pool the input that would move the price 4x at the pool's
 * largest liquidity. Profitable optima lie far below this unless a pool is mispriced by more than ~20x.
 */
export function routeInputBound(route: Route): bigint {
  const first = route.hops[0]
  if (!first) return 0n
  const pool = first.pool
  if (pool.kind === 'v2') return 4n * (first.zeroForOne ? pool.reserve0 : pool.reserve1)
  // A weighted pool refuses more than 30% of its balance in (BAL#304).
  if (pool.kind === 'balancer') return ((first.zeroForOne ? pool.balance0 : pool.balance1) * 3n) / 10n
  let liquidity = pool.liquidity
  let positive = 0n
  for (const t of pool.ticks) if (t.liquidityNet > 0n) positive += t.liquidityNet
  if (positive > liquidity) liquidity = positive
  if (pool.sqrtPriceX96 <= 0n) return 0n
  // Input to halve (token0 in) or double (token1 in) sqrtPrice at constant liquidity, times 4.
  return first.zeroForOne ? (4n * liquidity * Q96) / pool.sqrtPriceX96 : (4n * liquidity * pool.sqrtPriceX96) / Q96
}
