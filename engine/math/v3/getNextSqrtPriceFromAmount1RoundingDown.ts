import { MathRevertError } from '../MathRevertError.js'
import { MAX_UINT160, Q96 } from './constants.js'
import { divRoundingUp, mulDiv, mulDivRoundingUp } from './mulDiv.js'

/**
 * SqrtPriceMath.getNextSqrtPriceFromAmount1RoundingDown: the price after adding (`add`) or removing `amount`
 * of token1, rounded down.
 */
export function getNextSqrtPriceFromAmount1RoundingDown(sqrtPX96: bigint, liquidity: bigint, amount: bigint, add: boolean): bigint {
  if (add) {
    const quotient = amount <= MAX_UINT160 ? (amount << 96n) / liquidity : mulDiv(amount, Q96, liquidity)
    const result = sqrtPX96 + quotient
    if (result > MAX_UINT160) throw new MathRevertError('SqrtPriceMath.getNextSqrtPriceFromAmount1RoundingDown', 'toUint160')
    return result
  }
  const quotient = amount <= MAX_UINT160 ? divRoundingUp(amount << 96n, liquidity) : mulDivRoundingUp(amount, Q96, liquidity)
  if (sqrtPX96 <= quotient) throw new MathRevertError('SqrtPriceMath.getNextSqrtPriceFromAmount1RoundingDown', 'price underflow')
  return sqrtPX96 - quotient
}
