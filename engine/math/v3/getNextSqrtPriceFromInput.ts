import { MathRevertError } from '../MathRevertError.js'
import { getNextSqrtPriceFromAmount0RoundingUp } from './getNextSqrtPriceFromAmount0RoundingUp.js'
import { getNextSqrtPriceFromAmount1RoundingDown } from './getNextSqrtPriceFromAmount1RoundingDown.js'

/**
 * SqrtPriceMath.getNextSqrtPriceFromInput: the price after swapping `amountIn` of token0 (`zeroForOne`) or
 * token1 into a range of `liquidity`, rounded so it never passes the target price.
 */
export function getNextSqrtPriceFromInput(sqrtPX96: bigint, liquidity: bigint, amountIn: bigint, zeroForOne: boolean): bigint {
  if (sqrtPX96 <= 0n) throw new MathRevertError('SqrtPriceMath.getNextSqrtPriceFromInput', 'sqrtPX96 is zero')
  if (liquidity <= 0n) throw new MathRevertError('SqrtPriceMath.getNextSqrtPriceFromInput', 'liquidity is zero')
  return zeroForOne
    ? getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96, liquidity, amountIn, true)
    : getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96, liquidity, amountIn, true)
}
