import { MathRevertError } from '../MathRevertError.js'
import { calcOutGivenIn } from './calcOutGivenIn.js'
import { divDown, mulDown, mulUp, sub } from './fixedPoint.js'

/** What a weighted pool's `onSwap` reads for one direction (values as the Vault and the pool report them). */
export type WeightedSwapSide = {
  /** Vault balance, base units. */
  balanceIn: bigint
  balanceOut: bigint
  /** Normalized weights, 18 decimals (they sum to 1e18 over the pool). */
  weightIn: bigint
  weightOut: bigint
  /** `getScalingFactors()`: 10^(18 − decimals) · 1e18 (times a rate where the pool has a rate provider). */
  scalingIn: bigint
  scalingOut: bigint
  /** `getSwapFeePercentage()`, 18 decimals. */
  swapFee: bigint
  /** `powUp` shortcuts for exponents 1, 2, 4 (pools from 2022 on); false for the 2021 WeightedPool. */
  powShortcuts: boolean
}

/**
 * Output of a GIVEN_IN swap on a Balancer V2 weighted pool, exactly as `BaseMinimalSwapInfoPool.onSwap`: the fee
 * (`amount · fee`, rounded up) comes off the input in token units, then balances and input are upscaled
 * (`mulDown` by the scaling factor), `WeightedMath._calcOutGivenIn` runs, and the result is downscaled
 * (`divDown`). This is what the Vault's `swap` pays and `queryBatchSwap` reports.
 *
 * @example
 * weightedSwapGivenIn(10n ** 18n, { balanceIn, balanceOut, weightIn: 5n * 10n ** 17n, weightOut: 5n * 10n ** 17n, scalingIn: 10n ** 18n, scalingOut: 10n ** 30n, swapFee: 3n * 10n ** 15n, powShortcuts: true })
 */
export function weightedSwapGivenIn(amountIn: bigint, side: WeightedSwapSide): bigint {
  if (amountIn <= 0n) throw new MathRevertError('weightedSwapGivenIn', 'zero amount')
  const afterFee = sub(amountIn, mulUp(amountIn, side.swapFee))
  const balanceIn = mulDown(side.balanceIn, side.scalingIn)
  const balanceOut = mulDown(side.balanceOut, side.scalingOut)
  const out = calcOutGivenIn(balanceIn, side.weightIn, balanceOut, side.weightOut, mulDown(afterFee, side.scalingIn), side.powShortcuts)
  return divDown(out, side.scalingOut)
}
