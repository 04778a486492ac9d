import { sqrt } from '../../math/sqrt.js'

/** A price of token0 in token1 base units as an exact ratio num/den. */
export type PriceRatio = { num: bigint; den: bigint }

const SCALE = 10n ** 18n

/**
 * Turns a model price (token0 in whole token1 units, a float) into an exact ratio of base units, with 18
 * significant decimals of the float kept.
 */
export function priceRatio(wholePrice: number, decimals0: number, decimals1: number): PriceRatio {
  const scaled = BigInt(Math.max(1, Math.round(wholePrice * 1e18)))
  return { num: scaled * 10n ** BigInt(decimals1), den: SCALE * 10n ** BigInt(decimals0) }
}

/** The sqrtPriceX96 of a ratio (floor of √(num/den)·2^96), for a V3 swap's price limit. */
export function sqrtPriceX96At(price: PriceRatio): bigint {
  return sqrt((price.num << 192n) / price.den)
}

/**
 * The input that moves a V2 pair's price (reserve1/reserve0) to `target`: token0 in when the price must
 * fall, token1 in when it must rise. Constant product with the LP fee taken on the input, so the pair ends
 * at (or a hair past) the target. Null when the pair is already there.
 */
export function v2InputToPrice(
  reserve0: bigint,
  reserve1: bigint,
  target: PriceRatio,
  feeBps: number,
): { zeroForOne: boolean; amountIn: bigint } | null {
  const k = reserve0 * reserve1
  const fee = BigInt(10_000 - feeBps)
  // Price falls (more token0 in the pair) when reserve1/reserve0 > num/den.
  if (reserve1 * target.den > reserve0 * target.num) {
    const next0 = sqrt((k * target.den) / target.num)
    return next0 > reserve0 ? { zeroForOne: true, amountIn: ((next0 - reserve0) * 10_000n) / fee } : null
  }
  const next1 = sqrt((k * target.num) / target.den)
  return next1 > reserve1 ? { zeroForOne: false, amountIn: ((next1 - reserve1) * 10_000n) / fee } : null
}
