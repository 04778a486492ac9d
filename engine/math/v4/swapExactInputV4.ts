import type { V3Pool, V4Pool } from '../../market/types.js'
import { MathRevertError } from '../MathRevertError.js'
import { swapExactInput, type V3Quote } from '../v3/quoteExactInput.js'
import { v4SwapFee } from './v4SwapFee.js'

/**
 * Exact-input swap on a hookless V4 pool, as `Pool.swap` computes it: the V3 swap loop (same TickMath, SqrtPriceMath,
 * tick bitmap and liquidity crossing) with the fee `v4SwapFee` (LP fee, plus the protocol fee when set). V4's
 * computeSwapStep takes the whole remainder when a step stops short of its target, which the V3 loop here does too,
 * so amounts match the PoolManager's to the base unit. A fee of 100% outputs nothing.
 *
 * @example
 * const { amountOut } = swapExactInputV4(pool, true, 10n ** 18n)
 */
export function swapExactInputV4(pool: V4Pool, zeroForOne: boolean, amountIn: bigint, withTick = false): V3Quote {
  if (amountIn <= 0n) throw new MathRevertError('PoolManager.swap', 'SwapAmountCannotBeZero')
  const fee = v4SwapFee(pool.fee, pool.protocolFee, zeroForOne)
  if (fee >= 1_000_000) return { amountOut: 0n, amountInUsed: amountIn, sqrtPriceX96After: pool.sqrtPriceX96, tickAfter: pool.tick, liquidityAfter: pool.liquidity, ticksCrossed: 0 }
  const asV3: V3Pool = { ...pool, kind: 'v3', address: pool.poolManager, fee }
  return swapExactInput(asV3, zeroForOne, amountIn, undefined, withTick)
}
