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

/**
 * The input that moves a two-token weighted pool's spot price ((balance1/weight1)/(balance0/weight0)) to
 * `target`: token0 in when the price must fall, token1 in when it must rise. Selling x of token0 takes the
 * price p to p·(b0/(b0 + x(1−f)))^(1/w1), so b0' = b0·(p/target)^w1 (and b1' = b1·(target/p)^w0 the other
 * way), with the swap fee f (pips) taken on the input. Floats (a planning figure; the swap's output is then
 * computed exactly); null when the pool is already there.
 */
export function weightedInputToPrice(
  pool: { balance0: bigint; balance1: bigint; weight0: bigint; weight1: bigint },
  target: PriceRatio,
  feePips: number,
): { zeroForOne: boolean; amountIn: bigint } | null {
  const w0 = Number(pool.weight0) / 1e18
  const w1 = Number(pool.weight1) / 1e18
  const b0 = Number(pool.balance0)
  const b1 = Number(pool.balance1)
  const price = (b1 / w1) / (b0 / w0)
  const goal = Number(target.num) / Number(target.den)
  if (!(price > 0) || !(goal > 0) || price === goal) return null
  const keep = 1 - feePips / 1e6
  const zeroForOne = goal < price
  const amount = zeroForOne ? (b0 * (Math.pow(price / goal, w1) - 1)) / keep : (b1 * (Math.pow(goal / price, w0) - 1)) / keep
  if (!Number.isFinite(amount) || amount < 1) return null
  return { zeroForOne, amountIn: BigInt(Math.floor(amount)) }
}
