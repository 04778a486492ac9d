import { describe, expect, it } from 'vitest'
import { scenarioProfiles } from './scenarioProfiles.js'
import { simulatePricePath } from './simulatePricePath.js'

const start = { WETH: 3_000, USDC: 1, USDT: 1, DAI: 1, WBTC: 60_000, LTA: 15, LTB: 2 }

function realizedVol(xs: Float64Array): number {
  const r: number[] = []
  for (let i = 1; i < xs.length; i++) r.push(Math.log(xs[i]! / xs[i - 1]!))
  const m = r.reduce((a, b) => a + b, 0) / r.length
  return Math.sqrt(r.reduce((a, b) => a + (b - m) ** 2, 0) / r.length)
}

describe('simulatePricePath', () => {
  it('is a pure function of profile, seed and length', () => {
    const a = simulatePricePath(scenarioProfiles.volatile, { seed: 7, blocks: 300, start })
    const b = simulatePricePath(scenarioProfiles.volatile, { seed: 7, blocks: 300, start })
    const c = simulatePricePath(scenarioProfiles.volatile, { seed: 8, blocks: 300, start })
    expect(Array.from(a.prices.WETH)).toEqual(Array.from(b.prices.WETH))
    expect(Array.from(a.prices.WETH)).not.toEqual(Array.from(c.prices.WETH))
  })

  it('makes volatile paths move more than calm ones and less than stress ones, and keeps stablecoins near $1', () => {
    for (const seed of [1, 2, 3]) {
      const calm = simulatePricePath(scenarioProfiles.calm, { seed, blocks: 2_000, start })
      const volatile = simulatePricePath(scenarioProfiles.volatile, { seed, blocks: 2_000, start })
      const stress = simulatePricePath(scenarioProfiles.stress, { seed, blocks: 2_000, start })
      expect(realizedVol(volatile.prices.WETH)).toBeGreaterThan(1.5 * realizedVol(calm.prices.WETH))
      expect(realizedVol(stress.prices.WETH)).toBeGreaterThan(1.5 * realizedVol(volatile.prices.WETH))
      for (const t of ['USDC', 'USDT', 'DAI'] as const) {
        for (const p of volatile.prices[t]) expect(Math.abs(p - 1)).toBeLessThan(0.01)
      }
    }
  })

  it('crashes WETH, WBTC and the long tail over the crash window, in the stressed regime', () => {
    for (const seed of [1, 2, 3, 4]) {
      const path = simulatePricePath(scenarioProfiles.crash, { seed, blocks: 1_000, start })
      expect(path.prices.WETH[999]! / start.WETH).toBeLessThan(0.75)
      expect(path.prices.WBTC[999]! / start.WBTC).toBeLessThan(0.8)
      expect(path.prices.LTA[999]! / start.LTA).toBeLessThan(0.55)
      // The window (20%–60% of the run) is all stressed.
      for (let i = 200; i < 600; i++) expect(path.regime[i]).toBe(1)
    }
  })
})
