import type { Pool } from '../market/types.js'
import { v4SwapFee } from './v4/v4SwapFee.js'

const LN_Q96 = 96 * Math.LN2

/**
 * Natural log of a pool's marginal rate for an infinitesimal trade (tokenOut per tokenIn, base units, fee
 * included); -Infinity when the pool has no liquidity at its current price. A float for cheap candidate
 * detection (sums over cycles); never use it for amounts.
 */
export function logSpotRate(pool: Pool, zeroForOne: boolean): number {
  if (pool.kind === 'v2') {
    if (pool.reserve0 <= 0n || pool.reserve1 <= 0n) return -Infinity
    const logPrice = Math.log(Number(pool.reserve1) / Number(pool.reserve0))
    // A taxed output token arrives short by its transfer tax.
    const tax = pool.transferTaxBps ? pool.transferTaxBps[zeroForOne ? 1 : 0] : 0
    return Math.log1p(-pool.feeBps / 10_000) + Math.log1p(-tax / 10_000) + (zeroForOne ? logPrice : -logPrice)
  }
  if (pool.kind === 'balancer') {
    if (pool.balance0 <= 0n || pool.balance1 <= 0n) return -Infinity
    // Spot price of a weighted pool: (bOut / wOut) / (bIn / wIn), in base units.
    const logPrice = Math.log((Number(pool.balance1) * Number(pool.weight0)) / (Number(pool.balance0) * Number(pool.weight1)))
    return Math.log1p(-Number(pool.swapFee) / 1e18) + (zeroForOne ? logPrice : -logPrice)
  }
  if (pool.liquidity <= 0n || pool.sqrtPriceX96 <= 0n) return -Infinity
  const logPrice = 2 * (Math.log(Number(pool.sqrtPriceX96)) - LN_Q96)
  const fee = pool.kind === 'v3' ? pool.fee : v4SwapFee(pool.fee, pool.protocolFee, zeroForOne)
  return Math.log1p(-fee / 1_000_000) + (zeroForOne ? logPrice : -logPrice)
}
