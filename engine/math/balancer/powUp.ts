import { add, mulUp, ONE } from './fixedPoint.js'
import { logExpPow } from './logExpPow.js'

const MAX_POW_RELATIVE_ERROR = 10_000n

/**
 * `FixedPoint.powUp`: x^y rounded up (never below the true value). Pools from 2022 on (`WeightedPool` v2+) take
 * the exact shortcuts for y = 1, 2 and 4; the 2021 pools always go through `LogExpMath.pow` (`shortcuts` false).
 */
export function powUp(x: bigint, y: bigint, shortcuts = true): bigint {
  if (shortcuts) {
    if (y === ONE) return x
    if (y === 2n * ONE) return mulUp(x, x)
    if (y === 4n * ONE) {
      const square = mulUp(x, x)
      return mulUp(square, square)
    }
  }
  const raw = logExpPow(x, y)
  return add(raw, add(mulUp(raw, MAX_POW_RELATIVE_ERROR), 1n))
}
