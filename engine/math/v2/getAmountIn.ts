import { MathRevertError } from '../MathRevertError.js'

/**
 * Input needed for `amountOut` from a constant-product pair, exactly as `UniswapV2Library.getAmountIn`
 * with a fee in basis points (rounds up by adding 1, like the library). Reverts when `amountOut` is not
 * below `reserveOut`.
 */
export function getAmountIn(amountOut: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: number): bigint {
  if (amountOut <= 0n) throw new MathRevertError('getAmountIn', 'INSUFFICIENT_OUTPUT_AMOUNT')
  if (reserveIn <= 0n || reserveOut <= 0n) throw new MathRevertError('getAmountIn', 'INSUFFICIENT_LIQUIDITY')
  if (amountOut >= reserveOut) throw new MathRevertError('getAmountIn', 'ds-math-sub-underflow')
  const numerator = reserveIn * amountOut * 10000n
  const denominator = (reserveOut - amountOut) * BigInt(10000 - feeBps)
  return numerator / denominator + 1n
}
