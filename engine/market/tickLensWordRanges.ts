import { MAX_TICK, MIN_TICK } from '../math/v3/constants.js'

/**
 * Bitmap words per TickBitmapLens call. A word costs ≈ 2,900 gas to read (call, cold slot), so 1,024 words are
 * ≈ 3.0M gas before any tick: a pool of spacing 1 (6,932 words, ≈ 20M gas in all) takes 7 calls, spacing 10
 * one call. See LENS_CALL_GAS for the whole budget of a call.
 */
export const WORDS_PER_TICK_LENS_CALL = 1024

/**
 * The tick-bitmap words that can hold a usable tick of a pool with `tickSpacing`, split into consecutive
 * inclusive ranges of at most WORDS_PER_TICK_LENS_CALL words, ascending.
 *
 * @example
 * tickLensWordRanges(60) // [{ fromWord: -58, toWord: 57 }]
 */
export function tickLensWordRanges(tickSpacing: number): { fromWord: number; toWord: number }[] {
  // `>> 8` floors toward −∞, as the pool's TickBitmap.position does.
  const first = Math.floor(MIN_TICK / tickSpacing) >> 8
  const last = Math.floor(MAX_TICK / tickSpacing) >> 8
  const ranges: { fromWord: number; toWord: number }[] = []
  for (let from = first; from <= last; from += WORDS_PER_TICK_LENS_CALL) {
    ranges.push({ fromWord: from, toWord: Math.min(from + WORDS_PER_TICK_LENS_CALL - 1, last) })
  }
  return ranges
}
