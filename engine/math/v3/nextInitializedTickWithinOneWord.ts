import type { V3Tick } from '../../market/types.js'

/** The next tick a swap step targets, whether it is initialized, and its position in the tick list (-1 if not). */
export type NextTick = { next: number; initialized: boolean; position: number }

/**
 * TickBitmap.nextInitializedTickWithinOneWord over a sorted list of initialized ticks instead of the
 * bitmap: searches only the 256-bit word of the compressed start tick, so the result (and therefore every
 * swap step boundary) is the same as the pool's. `lte` searches left (<= tick), otherwise right (> tick).
 * Like the contract, the result may lie beyond MIN_TICK/MAX_TICK; the swap loop clamps it.
 */
export function nextInitializedTickWithinOneWord(ticks: readonly V3Tick[], tick: number, tickSpacing: number, lte: boolean): NextTick {
  let compressed = Math.trunc(tick / tickSpacing)
  if (tick < 0 && tick % tickSpacing !== 0) compressed-- // round towards negative infinity

  if (lte) {
    const wordPos = compressed >> 8
    const bitPos = compressed & 255
    // Largest initialized tick <= compressed * tickSpacing.
    const position = lastAtOrBelow(ticks, compressed * tickSpacing)
    if (position >= 0) {
      const index = ticks[position]!.index
      if (Math.floor(index / tickSpacing) >> 8 === wordPos) return { next: index, initialized: true, position }
    }
    return { next: (compressed - bitPos) * tickSpacing, initialized: false, position: -1 }
  }

  const start = compressed + 1
  const wordPos = start >> 8
  const bitPos = start & 255
  // Smallest initialized tick >= (compressed + 1) * tickSpacing.
  const position = firstAtOrAbove(ticks, start * tickSpacing)
  if (position < ticks.length) {
    const index = ticks[position]!.index
    if (Math.floor(index / tickSpacing) >> 8 === wordPos) return { next: index, initialized: true, position }
  }
  return { next: (start + 255 - bitPos) * tickSpacing, initialized: false, position: -1 }
}

function lastAtOrBelow(ticks: readonly V3Tick[], bound: number): number {
  let lo = 0
  let hi = ticks.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (ticks[mid]!.index <= bound) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

function firstAtOrAbove(ticks: readonly V3Tick[], bound: number): number {
  let lo = 0
  let hi = ticks.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (ticks[mid]!.index < bound) lo = mid + 1
    else hi = mid
  }
  return lo
}
