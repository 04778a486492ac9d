import { MathRevertError } from '../MathRevertError.js'
import { MAX_UINT160, MAX_UINT256 } from './constants.js'
import { divRoundingUp, mulDivRoundingUp } from './mulDiv.js'

/**
 * SqrtPriceMath.getNextSqrtPriceFromAmount0RoundingUp: the price after adding (`add`) or removing `amount`
 * of token0, rounded up. Keeps the contract's overflow fallbacks, which change the rounding path.
 */
export function getNextSqrtPriceFromAmount0RoundingUp(sqrtPX96: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (amount === 0n) return sqrtPX96
  const numerator1 = liquidity << 96n
  // `product = amount * sqrtPX96` in uint256 and `product / amount == sqrtPX96` hold iff it did not wrap.
  const product = amount * sqrtPX96
  const productFits = product <= MAX_UINT256

  if (add) {
    if (productFits) {
      const denominator = numerator1 + product
      // The contract checks `denominator >= numerator1`, i.e. that the uint256 sum did not wrap.
      if (denominator <= MAX_UINT256) return mulDivRoundingUp(numerator1, sqrtPX96, denominator)
    }
    const sum = numerator1 / sqrtPX96 + amount
    if (sum > MAX_UINT256) throw new MathRevertError('SqrtPriceMath.getNextSqrtPriceFromAmount0RoundingUp', 'add overflow')
    return divRoundingUp(numerator1, sum)
  }

  if (!productFits || numerator1 <= product) {
    throw new MathRevertError('SqrtPriceMath.getNextSqrtPriceFromAmount0RoundingUp', 'denominator underflow')
  }
  const result = mulDivRoundingUp(numerator1, sqrtPX96, numerator1 - product)
  if (result > MAX_UINT160) throw new MathRevertError('SqrtPriceMath.getNextSqrtPriceFromAmount0RoundingUp', 'toUint160')
  return result
}
