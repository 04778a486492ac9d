import type { BalancerWeightedPool } from '../../market/types.js'
import { MathRevertError } from '../MathRevertError.js'
import { weightedSwapGivenIn, type WeightedSwapSide } from './weightedSwapGivenIn.js'

/** One direction of a two-token weighted pool (or of one token pair of a larger pool) as `weightedSwapGivenIn` reads it. */
export function weightedSide(pool: BalancerWeightedPool, zeroForOne: boolean): WeightedSwapSide {
  return zeroForOne
    ? { balanceIn: pool.balance0, balanceOut: pool.balance1, weightIn: pool.weight0, weightOut: pool.weight1, scalingIn: pool.scaling0, scalingOut: pool.scaling1, swapFee: pool.swapFee, powShortcuts: pool.powShortcuts }
    : { balanceIn: pool.balance1, balanceOut: pool.balance0, weightIn: pool.weight1, weightOut: pool.weight0, scalingIn: pool.scaling1, scalingOut: pool.scaling0, swapFee: pool.swapFee, powShortcuts: pool.powShortcuts }
}

/**
 * Output of a GIVEN_IN swap through a weighted pool, or 0 where the pool would revert (more than 30% of its
 * balance in, BAL#304), so route quotes stay total for sizing searches.
 */
export function quoteBalancerHop(pool: BalancerWeightedPool, zeroForOne: boolean, amountIn: bigint): bigint {
  try {
    return weightedSwapGivenIn(amountIn, weightedSide(pool, zeroForOne))
  } catch (error) {
    if (error instanceof MathRevertError) return 0n
    throw error
  }
}
