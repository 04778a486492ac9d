import { describe, expect, it } from 'vitest'
import { createRandom } from './createRandom.js'

describe('createRandom', () => {
  it('repeats a sequence for the same seed and stream, and differs across seeds and streams', () => {
    const draw = (seed: number, stream: string) => {
      const r = createRandom(seed, stream)
      return Array.from({ length: 20 }, () => r.next())
    }
    expect(draw(7, 'a')).toEqual(draw(7, 'a'))
    expect(draw(7, 'a')).not.toEqual(draw(8, 'a'))
    expect(draw(7, 'a')).not.toEqual(draw(7, 'b'))
  })

  it('draws normals, log-normals and Poisson counts with the right moments', () => {
    const r = createRandom(1, 'moments')
    const n = 20_000
    const normals = Array.from({ length: n }, () => r.normal())
    const mean = normals.reduce((a, b) => a + b, 0) / n
    const variance = normals.reduce((a, b) => a + (b - mean) ** 2, 0) / n
    expect(Math.abs(mean)).toBeLessThan(0.03)
    expect(Math.abs(variance - 1)).toBeLessThan(0.05)

    const sizes = Array.from({ length: n }, () => r.logNormal(1_000, 1.2)).sort((a, b) => a - b)
    expect(sizes[n / 2]! / 1_000).toBeGreaterThan(0.9)
    expect(sizes[n / 2]! / 1_000).toBeLessThan(1.1)
    // More small trades than large: the mean sits well above the median.
    expect(sizes.reduce((a, b) => a + b, 0) / n).toBeGreaterThan(1.5 * sizes[n / 2]!)

    const counts = Array.from({ length: n }, () => r.poisson(6))
    expect(Math.abs(counts.reduce((a, b) => a + b, 0) / n - 6)).toBeLessThan(0.1)
  })

  it('picks weighted indices in proportion and keeps ints in range', () => {
    const r = createRandom(3)
    const hits = [0, 0, 0]
    for (let i = 0; i < 30_000; i++) hits[r.weighted([1, 2, 7])]!++
    expect(hits[2]! / 30_000).toBeGreaterThan(0.67)
    expect(hits[2]! / 30_000).toBeLessThan(0.73)
    for (let i = 0; i < 1_000; i++) {
      const v = r.int(-3, 3)
      expect(v).toBeGreaterThanOrEqual(-3)
      expect(v).toBeLessThanOrEqual(3)
    }
  })

  it('draws Betas in (0, 1) with the asked mean and spread', () => {
    const r = createRandom(5, 'beta')
    const n = 20_000
    for (const [mean, k] of [[0.8, 10], [0.3, 2], [0.95, 40]] as const) {
      const xs = Array.from({ length: n }, () => r.beta(mean, k))
      for (const x of xs) {
        expect(x).toBeGreaterThan(0)
        expect(x).toBeLessThan(1)
      }
      const m = xs.reduce((a, b) => a + b, 0) / n
      const variance = xs.reduce((a, b) => a + (b - m) ** 2, 0) / n
      expect(Math.abs(m - mean)).toBeLessThan(0.01)
      // Var = mean(1 − mean)/(k + 1).
      expect(variance / ((mean * (1 - mean)) / (k + 1))).toBeGreaterThan(0.9)
      expect(variance / ((mean * (1 - mean)) / (k + 1))).toBeLessThan(1.1)
    }
  })
})
