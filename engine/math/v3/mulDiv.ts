import { MathRevertError } from '../MathRevertError.js'
import { MAX_UINT256 } from './constants.js'

/**
 * FullMath.mulDiv: floor(a * b / denominator) with a full 512-bit product, for uint256 inputs.
 * Reverts like the contract when `denominator` is 0 or the result does not fit in 256 bits.
 */
export function mulDiv(a: bigint, b: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new MathRevertError('FullMath.mulDiv', 'denominator is zero')
  const result = (a * b) / denominator
  if (result > MAX_UINT256) throw new MathRevertError('FullMath.mulDiv', 'result overflows uint256')
  return result
}

/**
 * FullMath.mulDivRoundingUp: ceil(a * b / denominator), reverting like the contract when the result
 * overflows uint256.
 */
export function mulDivRoundingUp(a: bigint, b: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new MathRevertError('FullMath.mulDivRoundingUp', 'denominator is zero')
  const product = a * b
  let result = product / denominator
  if (result > MAX_UINT256) throw new MathRevertError('FullMath.mulDivRoundingUp', 'result overflows uint256')
  if (product % denominator > 0n) {
    if (result === MAX_UINT256) throw new MathRevertError('FullMath.mulDivRoundingUp', 'result overflows uint256')
    result++
  }
  return result
}

/** UnsafeMath.divRoundingUp: ceil(x / y) for uint256; y = 0 returns 0 as the EVM's `div` does. */
export function divRoundingUp(x: bigint, y: bigint): bigint {
  if (y === 0n) return 0n
  const q = x / y
  return x % y > 0n ? q + 1n : q
}
