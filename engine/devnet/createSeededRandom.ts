/** A deterministic pseudo-random integer source (mulberry32). Not for anything secret. */
export type SeededRandom = {
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number
}

/**
 * Creates a deterministic random source: the same seed always yields the same sequence.
 *
 * @example
 * const rng = createSeededRandom(7)
 * rng.int(-500, 500)
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
  }
}
