import { MathRevertError } from '../MathRevertError.js'
import { add, complement, divDown, divUp, mulDown } from './fixedPoint.js'
import { powUp } from './powUp.js'

const MAX_IN_RATIO = 3n * 10n ** 17n

/**
 * `WeightedMath._calcOutGivenIn` on upscaled (18-decimal) balances and amount: bO · (1 − (bI / (bI + aI))^(wI/wO)),
 * rounded down. Reverts with BAL#304 (MAX_IN_RATIO) when aI exceeds 30% of bI.
 */
export function calcOutGivenIn(balanceIn: bigint, weightIn: bigint, balanceOut: bigint, weightOut: bigint, amountIn: bigint, powShortcuts = true): bigint {
  if (amountIn > mulDown(balanceIn, MAX_IN_RATIO)) throw new MathRevertError('WeightedMath._calcOutGivenIn', 'BAL#304 (MAX_IN_RATIO)')
  const base = divUp(balanceIn, add(balanceIn, amountIn))
  const exponent = divDown(weightIn, weightOut)
  const power = powUp(base, exponent, powShortcuts)
  return mulDown(balanceOut, complement(power))
}
