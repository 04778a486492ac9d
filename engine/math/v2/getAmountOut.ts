import { MathRevertError } from '../MathRevertError.js'

/**
 * Output of a constant-product swap, exactly as `UniswapV2Library.getAmountOut` with a fee in basis points
 * (feeBps = 30 gives the pair's 997/1000). Reverts like the library on zero input or empty reserves.
 *
 * @example
 * getAmountOut(10n ** 18n, 100n * 10n ** 18n, 200_000n * 10n ** 6n, 30) // USDC out for 1 WETH
 */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feeBps: number): bigint {
  if (amountIn <= 0n) throw new MathRevertError('getAmountOut', 'INSUFFICIENT_INPUT_AMOUNT')
  if (reserveIn <= 0n || reserveOut <= 0n) throw new MathRevertError('getAmountOut', 'INSUFFICIENT_LIQUIDITY')
  const amountInWithFee = amountIn * BigInt(10000 - feeBps)
  return (amountInWithFee * reserveOut) / (reserveIn * 10000n + amountInWithFee)
}
