import { Q96 } from './constants.js'
import { mulDiv, mulDivRoundingUp } from './mulDiv.js'

/**
 * SqrtPriceMath.getAmount1Delta (unsigned form): token1 amount between two prices for `liquidity`,
 * liquidity * (sqrt(upper) - sqrt(lower)), rounded up or down as asked.
 */
export function getAmount1Delta(sqrtRatioAX96: bigint, sqrtRatioBX96: bigint, liquidity: bigint, roundUp: boolean): bigint {
  const diff = sqrtRatioAX96 > sqrtRatioBX96 ? sqrtRatioAX96 - sqrtRatioBX96 : sqrtRatioBX96 - sqrtRatioAX96
  return roundUp ? mulDivRoundingUp(liquidity, diff, Q96) : mulDiv(liquidity, diff, Q96)
}
