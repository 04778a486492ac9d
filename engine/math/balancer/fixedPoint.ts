import { MathRevertError } from '../MathRevertError.js'

/**
 * Balancer V2's FixedPoint library (pkg/solidity-utils/contracts/math/FixedPoint.sol): 18-decimal unsigned
 * fixed point with explicit rounding, ported to bigint. Overflow checks of uint256 are kept (they revert there).
 */
export const ONE = 10n ** 18n
const MAX = 2n ** 256n - 1n

function checked(value: bigint, fn: string): bigint {
  if (value > MAX) throw new MathRevertError(`FixedPoint.${fn}`, 'BAL#003 (overflow)')
  return value
}

export function add(a: bigint, b: bigint): bigint {
  return checked(a + b, 'add')
}

export function sub(a: bigint, b: bigint): bigint {
  if (b > a) throw new MathRevertError('FixedPoint.sub', 'BAL#001 (SUB_OVERFLOW)')
  return a - b
}

export function mulDown(a: bigint, b: bigint): bigint {
  return checked(a * b, 'mulDown') / ONE
}

export function mulUp(a: bigint, b: bigint): bigint {
  const product = checked(a * b, 'mulUp')
  return product === 0n ? 0n : (product - 1n) / ONE + 1n
}

export function divDown(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new MathRevertError('FixedPoint.divDown', 'BAL#004 (ZERO_DIVISION)')
  return checked(a * ONE, 'divDown') / b
}

export function divUp(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new MathRevertError('FixedPoint.divUp', 'BAL#004 (ZERO_DIVISION)')
  const inflated = checked(a * ONE, 'divUp')
  return inflated === 0n ? 0n : (inflated - 1n) / b + 1n
}

/** 1 - x, capped at 0 when x > 1. */
export function complement(x: bigint): bigint {
  return x < ONE ? ONE - x : 0n
}
