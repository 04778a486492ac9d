import { MathRevertError } from '../MathRevertError.js'
import { getNextSqrtPriceFromAmount0RoundingUp } from './getNextSqrtPriceFromAmount0RoundingUp.js'
import { getNextSqrtPriceFromAmount1RoundingDown } from './getNextSqrtPriceFromAmount1RoundingDown.js'

/**
 * SqrtPriceMath.getNextSqrtPriceFromOutput: the price after taking `amountOut` of token1 (`zeroForOne`) or
 * token0 out of a range of `liquidity`, rounded so it always reaches the target price.
 */
export function getNextSqrtPriceFromOutput(sqrtPX96: bigint, liquidity: bigint, amountOut: bigint, zeroForOne: boolean): bigint {
  if (sqrtPX96 <= 0n) throw new MathRevertError('SqrtPriceMath.getNextSqrtPriceFromOutput', 'sqrtPX96 is zero')
  if (liquidity <= 0n) throw new MathRevertError('SqrtPriceMath.getNextSqrtPriceFromOutput', 'liquidity is zero')
  return zeroForOne
    ? getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96, liquidity, amountOut, false)
    : getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96, liquidity, amountOut, false)
}
