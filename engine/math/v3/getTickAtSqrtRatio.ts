import { MathRevertError } from '../MathRevertError.js'
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO } from './constants.js'
import { getSqrtRatioAtTick } from './getSqrtRatioAtTick.js'

/**
 * TickMath.getTickAtSqrtRatio: the greatest tick whose sqrt ratio is <= `sqrtPriceX96`, bit-exact with the
 * contract (same fixed-point log2 and the same final disambiguation). Reverts ('R') outside
 * [MIN_SQRT_RATIO, MAX_SQRT_RATIO).
 */
export function getTickAtSqrtRatio(sqrtPriceX96: bigint): number {
  if (sqrtPriceX96 < MIN_SQRT_RATIO || sqrtPriceX96 >= MAX_SQRT_RATIO) {
    throw new MathRevertError('TickMath.getTickAtSqrtRatio', 'R', `sqrtPriceX96 ${sqrtPriceX96} out of range`)
  }
  const ratio = sqrtPriceX96 << 32n

  // msb(ratio), as the contract's binary search.
  let r = ratio
  let msb = 0n
  for (const [shift, bound] of MSB_STEPS) {
    const f = r > bound ? shift : 0n
    msb |= f
    r >>= f
  }
  if (r > 1n) msb |= 1n

  r = msb >= 128n ? ratio >> (msb - 127n) : ratio << (127n - msb)

  let log2 = (msb - 128n) << 64n
  for (let bit = 63n; bit >= 50n; bit--) {
    r = (r * r) >> 127n
    const f = r >> 128n
    log2 |= f << bit
    r >>= f
  }

  const logSqrt10001 = log2 * 255738958999603826347141n // Q128.128
  const tickLow = Number((logSqrt10001 - 3402992956809132418596140100660247210n) >> 128n)
  const tickHi = Number((logSqrt10001 + 291339464771989622907027621153398088495n) >> 128n)

  return tickLow === tickHi ? tickLow : getSqrtRatioAtTick(tickHi) <= sqrtPriceX96 ? tickHi : tickLow
}

const MSB_STEPS: ReadonlyArray<readonly [bigint, bigint]> = [
  [128n, 0xffffffffffffffffffffffffffffffffn],
  [64n, 0xffffffffffffffffn],
  [32n, 0xffffffffn],
  [16n, 0xffffn],
  [8n, 0xffn],
  [4n, 0xfn],
  [2n, 0x3n],
]
