import type { V3Pool } from '../../market/types.js'
import { MathRevertError } from '../MathRevertError.js'
import { MAX_SQRT_RATIO, MAX_TICK, MAX_UINT128, MIN_SQRT_RATIO, MIN_TICK } from './constants.js'
import { getAmount0Delta } from './getAmount0Delta.js'
import { getAmount1Delta } from './getAmount1Delta.js'
import { getNextSqrtPriceFromInput } from './getNextSqrtPriceFromInput.js'
import { getSqrtRatioAtTick } from './getSqrtRatioAtTick.js'
import { getTickAtSqrtRatio } from './getTickAtSqrtRatio.js'
import { mulDivRoundingUp } from './mulDiv.js'
import { nextInitializedTickWithinOneWord } from './nextInitializedTickWithinOneWord.js'

/** Outcome of an exact-input swap on a V3 pool, as the pool would compute it. */
export type V3Quote = {
  amountOut: bigint
  /** Input the pool actually takes: less than requested only when the price limit is reached. */
  amountInUsed: bigint
  sqrtPriceX96After: bigint
  tickAfter: number
  liquidityAfter: bigint
  /** Initialized ticks crossed by the swap loop. */
  ticksCrossed: number
}

/**
 * Exact-input swap of `amountIn` on `pool`, replaying UniswapV3Pool.swap step by step: next initialized tick
 * within one bitmap word, clamped to MIN_TICK/MAX_TICK, computeSwapStep, liquidityNet crossing (negated when
 * moving left), tick update. Amounts equal the pool's (and QuoterV2's) to the base unit. Protocol fees do not
 * change amounts and are ignored. `sqrtPriceLimitX96` defaults to the quoter's: MIN_SQRT_RATIO + 1 or
 * MAX_SQRT_RATIO - 1; when reached, the swap stops early and `amountInUsed` < `amountIn`.
 *
 * @example
 * const { amountOut } = quoteExactInput(pool, true, 10n ** 18n) // token1 out for 1e18 token0 in
 */
export function quoteExactInput(pool: V3Pool, zeroForOne: boolean, amountIn: bigint, sqrtPriceLimitX96?: bigint): V3Quote {
  return swapExactInput(pool, zeroForOne, amountIn, sqrtPriceLimitX96, true)
}

/**
 * The swap loop behind `quoteExactInput`. With `withTick` false, `tickAfter` is left as the last tick the
 * loop set (stale when the swap ends inside a range), skipping a getTickAtSqrtRatio that the loop never
 * reads again: a step that stops short of its boundary always ends the swap.
 */
export function swapExactInput(pool: V3Pool, zeroForOne: boolean, amountIn: bigint, sqrtPriceLimitX96: bigint | undefined, withTick: boolean): V3Quote {
  if (amountIn <= 0n) throw new MathRevertError('UniswapV3Pool.swap', 'AS', 'amountIn must be positive')
  const limit = sqrtPriceLimitX96 ?? (zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n)
  if (
    zeroForOne
      ? !(limit < pool.sqrtPriceX96 && limit > MIN_SQRT_RATIO)
      : !(limit > pool.sqrtPriceX96 && limit < MAX_SQRT_RATIO)
  ) {
    throw new MathRevertError('UniswapV3Pool.swap', 'SPL', `limit ${limit}, price ${pool.sqrtPriceX96}`)
  }

  const { ticks, tickSpacing } = pool
  const feePips = BigInt(pool.fee)
  const feeComplement = 1_000_000n - feePips
  let remaining = amountIn
  let amountOut = 0n
  let sqrtPriceX96 = pool.sqrtPriceX96
  let tick = pool.tick
  let liquidity = pool.liquidity
  let ticksCrossed = 0
  let tickStale = false

  while (remaining !== 0n && sqrtPriceX96 !== limit) {
    const sqrtPriceStartX96 = sqrtPriceX96
    const step = nextInitializedTickWithinOneWord(ticks, tick, tickSpacing, zeroForOne)
    let tickNext = step.next
    if (tickNext < MIN_TICK) tickNext = MIN_TICK
    else if (tickNext > MAX_TICK) tickNext = MAX_TICK
    const sqrtPriceNextX96 = getSqrtRatioAtTick(tickNext)

    const target = (zeroForOne ? sqrtPriceNextX96 < limit : sqrtPriceNextX96 > limit) ? limit : sqrtPriceNextX96
    // SwapMath.computeSwapStep, exact-input case, without the work whose result the swap discards: when the
    // step stops short of its target the pool takes the whole remainder (amountIn + fee == remaining), so
    // the contract's recomputed amountIn is not needed. Checked against computeSwapStep in the tests.
    const amountRemainingLessFee = (remaining * feeComplement) / 1_000_000n
    const amountInToTarget = zeroForOne
      ? getAmount0Delta(target, sqrtPriceX96, liquidity, true)
      : getAmount1Delta(sqrtPriceX96, target, liquidity, true)
    let next = target
    if (amountRemainingLessFee < amountInToTarget) next = getNextSqrtPriceFromInput(sqrtPriceX96, liquidity, amountRemainingLessFee, zeroForOne)
    amountOut += zeroForOne ? getAmount1Delta(next, sqrtPriceX96, liquidity, false) : getAmount0Delta(sqrtPriceX96, next, liquidity, false)
    if (next === target) remaining -= amountInToTarget + mulDivRoundingUp(amountInToTarget, feePips, feeComplement)
    else remaining = 0n
    sqrtPriceX96 = next

    if (sqrtPriceX96 === sqrtPriceNextX96) {
      if (step.initialized) {
        let liquidityNet = ticks[step.position]!.liquidityNet
        if (zeroForOne) liquidityNet = -liquidityNet
        liquidity = addDelta(liquidity, liquidityNet)
        ticksCrossed++
      }
      tick = zeroForOne ? tickNext - 1 : tickNext
    } else if (sqrtPriceX96 !== sqrtPriceStartX96) {
      tickStale = true
    }
  }
  if (tickStale && withTick) tick = getTickAtSqrtRatio(sqrtPriceX96)

  return { amountOut, amountInUsed: amountIn - remaining, sqrtPriceX96After: sqrtPriceX96, tickAfter: tick, liquidityAfter: liquidity, ticksCrossed }
}

/** LiquidityMath.addDelta with its 'LS'/'LA' checks. */
function addDelta(x: bigint, y: bigint): bigint {
  const z = x + y
  if (y < 0n && z < 0n) throw new MathRevertError('LiquidityMath.addDelta', 'LS')
  if (y >= 0n && z > MAX_UINT128) throw new MathRevertError('LiquidityMath.addDelta', 'LA')
  return z
}
