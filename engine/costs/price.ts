/**
 * An exchange rate as an exact fraction: `amount * num / den` converts an amount of one token into another.
 * Rates come from a pool's reserves or sqrtPrice at the block, never from floats.
 */
export type Rate = { num: bigint; den: bigint }

export const ONE: Rate = { num: 1n, den: 1n }

/** Converts `amount` at `rate`, rounding down (costs are rounded separately: see `convertUp`). */
export function convert(amount: bigint, rate: Rate): bigint {
  return (amount * rate.num) / rate.den
}

/** Converts `amount` at `rate`, rounding up: used for costs, so a net profit is never overstated. */
export function convertUp(amount: bigint, rate: Rate): bigint {
  return (amount * rate.num + rate.den - 1n) / rate.den
}
