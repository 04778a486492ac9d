import { computeSwapStep } from '../engine/math/v3/computeSwapStep.js'
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO, Q96 } from '../engine/math/v3/constants.js'
import { getTickAtSqrtRatio } from '../engine/math/v3/getTickAtSqrtRatio.js'
import type { V3PoolState } from './historyTimeline.js'

/** A V3 Swap event: signed amounts (positive = into the pool), the price and liquidity after it. */
export type V3SwapFacts = { amount0: bigint; amount1: bigint; sqrtPriceX96: bigint; liquidity: bigint }

const divUp = (a: bigint, b: bigint) => (a + b - 1n) / b

/**
 * The pool state just before a swap, recovered from the swap's own event. For each way the swap may have
 * been specified (exact input, exact output) the starting price is solved from SqrtPriceMath's formulas,
 * then accepted only where the pool's exact swap math (computeSwapStep) reproduces the event's price and
 * both amounts (`fits`). An event never pins the price fully: the amounts are rounded to whole token units,
 * so every price in a band about 2^96/L sqrtPrice units wide (a relative ~1e-24 for mainnet USDC/WETH) can
 * give the same event when the swap stopped at a price limit; the returned price is one that fits. When
 * nothing fits (the swap crossed an initialized tick) the estimate comes back with `fits: false`. Liquidity
 * is the event's (unchanged within one tick range).
 *
 * @example
 * const { state, fits } = reconstructPreSwapState(firstSwap, 3000)
 */
export function reconstructPreSwapState(swap: V3SwapFacts, feePips: number): { state: V3PoolState; fits: boolean } {
  const { amount0, amount1, sqrtPriceX96: after, liquidity } = swap
  const zeroForOne = amount0 > 0n
  const fee = BigInt(feePips)
  const lq = liquidity << 96n
  const lessFee = (x: bigint) => (x * (1_000_000n - fee)) / 1_000_000n
  // [amountSpecified, solved starting price] for exact input and exact output.
  const readings: [bigint, bigint][] = zeroForOne
    ? [
        [amount0, lq - lessFee(amount0) * after > 0n ? (lq * after) / (lq - lessFee(amount0) * after) : after],
        [amount1, after + divUp(-amount1 << 96n, liquidity)],
      ]
    : [
        [amount1, after - (lessFee(amount1) << 96n) / liquidity],
        [amount0, (lq * after) / (lq + -amount0 * after)],
      ]
  const target = zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n
  const amountIn = zeroForOne ? amount0 : amount1
  const amountOut = zeroForOne ? -amount1 : -amount0
  const fits = (candidate: bigint, specified: bigint) => {
    if (candidate <= MIN_SQRT_RATIO || candidate >= MAX_SQRT_RATIO) return false
    const step = computeSwapStep(candidate, target, liquidity, specified, feePips)
    return step.sqrtRatioNextX96 === after && step.amountIn + step.feeAmount === amountIn && step.amountOut === amountOut
  }
  const found = new Set<bigint>()
  for (const [specified, solved] of readings) {
    for (let d = -16n; d <= 16n; d++) if (fits(solved + d, specified)) found.add(solved + d)
  }
  const state = (p: bigint): V3PoolState => ({ sqrtPriceX96: p, tick: getTickAtSqrtRatio(p), liquidity })
  if (found.size === 0) return { state: state(readings[0]![1]), fits: false }
  const [first] = [...found].sort((a, b) => (a < b ? -1 : 1))
  return { state: state(first!), fits: true }
}
