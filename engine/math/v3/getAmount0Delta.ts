import { MathRevertError } from '../MathRevertError.js'
import { divRoundingUp, mulDiv, mulDivRoundingUp } from './mulDiv.js'

/**
 * SqrtPriceMath.getAmount0Delta (unsigned form): token0 amount between two prices for `liquidity`,
 * liquidity / sqrt(lower) - liquidity / sqrt(upper), rounded up or down as asked.
 */
export function getAmount0Delta(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint, roundUp: boolean): bigint {
  if (sqrtRatioAX96 > sqrtRatioBX96) {
    const t = sqrtRatioAX96
    sqrtRatioAX96 = sqrtRatioBX96
    sqrtRatioBX96 = t
  }
  if (sqrtRatioAX96 <= 0n) throw new MathRevertError('SqrtPriceMath.getAmount0Delta', 'sqrtRatioAX96 is zero')
  const numerator1 = liquidity << 96n
  const numerator2 = sqrtRatioBX96 - sqrtRatioAX96
  return roundUp
    ? divRoundingUp(mulDivRoundingUp(numerator1, numerator2, sqrtRatioBX96), sqrtRatioAX96)
    : mulDiv(numerator1, numerator2, sqrtRatioBX96) / sqrtRatioAX96
}
