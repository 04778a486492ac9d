import { MathRevertError } from '../MathRevertError.js'
import { MAX_TICK, MAX_UINT256 } from './constants.js'

const FACTORS: readonly bigint[] = [
  0xfff97272373d413259a46990580e213an,
  0xfff2e50f5f656932ef12357cf3c7fdccn,
  0xffe5caca7e10e4e61c3624eaa0941cd0n,
  0xffcb9843d60f6159c9db58835c926644n,
  0xff973b41fa98c081472e6896dfb254c0n,
  0xff2ea16466c96a3843ec78b326b52861n,
  0xfe5dee046a99a2a811c461f1969c3053n,
  0xfcbe86c7900a88aedcffc83b479aa3a4n,
  0xf987a7253ac413176f2b074cf7815e54n,
  0xf3392b0822b70005940c7a398e4b70f3n,
  0xe7159475a2c29b7443b29c7fa6e889d9n,
  0xd097f3bdfd2022b8845ad8f792aa5825n,
  0xa9f746462d870fdf8a65dc1f90e061e5n,
  0x70d869a156d2a1b890bb3df62baf32f7n,
  0x31be135f97d08fd981231505542fcfa6n,
  0x9aa508b5b7a84e1c677de54f3e99bc9n,
  0x5d6af8dedb81196699c329225ee604n,
  0x2216e584f5fa1ea926041bedfe98n,
  0x48a170391f7dc42444e8fa2n,
]

// The function is pure and a swap asks for the same few boundary ticks on every quote; caching them
// saves most of the cost of a quote. Bounded so a long run cannot grow it without limit.
const cache = new Map<number, bigint>()
const CACHE_LIMIT = 65_536

/**
 * TickMath.getSqrtRatioAtTick: sqrt(1.0001^tick) * 2^96 as a Q64.96, bit-exact with the contract.
 * Reverts ('T') when |tick| > MAX_TICK.
 *
 * @example
 * getSqrtRatioAtTick(0) // 79228162514264337593543950336n (2^96)
 */
export function getSqrtRatioAtTick(tick: number): bigint {
  const hit = cache.get(tick)
  if (hit !== undefined) return hit
  if (!Number.isInteger(tick)) throw new MathRevertError('TickMath.getSqrtRatioAtTick', 'T', `tick ${tick} is not an integer`)
  const absTick = tick < 0 ? -tick : tick
  if (absTick > MAX_TICK) throw new MathRevertError('TickMath.getSqrtRatioAtTick', 'T', `|tick| ${absTick} > ${MAX_TICK}`)

  let ratio = (absTick & 0x1) !== 0 ? 0xfffcb933bd6fad37aa2d162d1a594001n : 0x100000000000000000000000000000000n
  for (let bit = 1; bit < 20; bit++) {
    if ((absTick & (1 << bit)) !== 0) ratio = (ratio * FACTORS[bit - 1]!) >> 128n
  }
  if (tick > 0) ratio = MAX_UINT256 / ratio

  // Q128.128 to Q64.96, rounding up so getTickAtSqrtRatio of the result is consistent.
  const result = (ratio >> 32n) + ((ratio & 0xffffffffn) === 0n ? 0n : 1n)
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(tick, result)
  return result
}
