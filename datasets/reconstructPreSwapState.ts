import { computeSwapStep } from '../engine/math/v3/computeSwapStep.js'
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO, Q96 } from '../engine/math/v3/constants.js'
import { getTickAtSqrtRatio } from '../engine/math/v3/getTickAtSqrtRatio.js'
import type { V3PoolState } from './historyTimeline.js'

/** A V3 Swap event: signed amounts (positive = into the pool), the price and liquidity after it. */
export type V3SwapFacts = { amount0: bigint; amount1: bigint; sqrtPriceX96: bigint; liquidity: bigint }

/**
 * The pool state just before a swap, recovered from the swap's own event: the price it started from is
 * searched near the one its token1 amount implies, and accepted only when the pool's exact swap math
 * (computeSwapStep, as exact input or exact output) reproduces the event's price and both amounts. That
 * holds whenever the swap crossed no initialized tick; otherwise the estimate is returned with
 * `exact: false`. Liquidity is the event's (unchanged within one tick range).
 *
 * @example
 * const { state, exact } = reconstructPreSwapState(firstSwap, 3000)
 */
export function reconstructPreSwapState(swap: V3SwapFacts, feePips: number): { state: V3PoolState; exact: boolean } {
  const { amount0, amount1, sqrtPriceX96: after, liquidity } = swap
  const zeroForOne = amount0 > 0n
  const fee = BigInt(feePips)
  // ΔsqrtP = Δamount1 / L exactly up to rounding; the input side also paid the fee.
  const estimate = zeroForOne
    ? after + (-amount1 * Q96) / liquidity
    : after - (((amount1 * (1_000_000n - fee)) / 1_000_000n) * Q96) / liquidity
  const target = zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n
  const amountIn = zeroForOne ? amount0 : amount1
  const amountOut = zeroForOne ? -amount1 : -amount0
  const matches = (candidate: bigint) => {
    if (candidate <= MIN_SQRT_RATIO || candidate >= MAX_SQRT_RATIO) return false
    if (zeroForOne ? candidate < after : candidate > after) return false
    for (const specified of [amountIn, -amountOut]) {
      const step = computeSwapStep(candidate, target, liquidity, specified, feePips)
      if (step.sqrtRatioNextX96 === after && step.amountIn + step.feeAmount === amountIn && step.amountOut === amountOut) return true
    }
    return false
  }
  const window = 4096n
  for (let d = 0n; d <= window; d++) {
    for (const candidate of d === 0n ? [estimate] : [estimate + d, estimate - d]) {
      if (matches(candidate)) return { state: { sqrtPriceX96: candidate, tick: getTickAtSqrtRatio(candidate), liquidity }, exact: true }
    }
  }
  return { state: { sqrtPriceX96: estimate, tick: getTickAtSqrtRatio(estimate), liquidity }, exact: false }
}
