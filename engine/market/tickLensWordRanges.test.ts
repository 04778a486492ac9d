import { describe, expect, it } from 'vitest'
import { tickLensWordRanges, WORDS_PER_TICK_LENS_CALL } from './tickLensWordRanges.js'

describe('tickLensWordRanges', () => {
  it('covers every word that can hold a usable tick, contiguously, in ranges of at most WORDS_PER_TICK_LENS_CALL', () => {
    for (const [spacing, first, last] of [
      [1, -3466, 3465],
      [10, -347, 346],
      [60, -58, 57],
      [200, -18, 17],
    ] as const) {
      const ranges = tickLensWordRanges(spacing)
      expect(ranges[0]!.fromWord, `spacing ${spacing}`).toBe(first)
      expect(ranges.at(-1)!.toWord, `spacing ${spacing}`).toBe(last)
      for (const [i, r] of ranges.entries()) {
        expect(r.toWord - r.fromWord + 1).toBeLessThanOrEqual(WORDS_PER_TICK_LENS_CALL)
        if (i > 0) expect(r.fromWord).toBe(ranges[i - 1]!.toWord + 1)
      }
    }
    expect(tickLensWordRanges(1)).toHaveLength(7)
    expect(tickLensWordRanges(60)).toEqual([{ fromWord: -58, toWord: 57 }])
  })
})
