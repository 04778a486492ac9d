import { describe, expect, it } from 'vitest'
import { onChainMinProfit } from './onChainMinProfit.js'

describe('onChainMinProfit', () => {
  it('keeps the simulated profit less the tolerance, never below 1', () => {
    expect(onChainMinProfit(1_000n, 0)).toBe(1_000n)
    expect(onChainMinProfit(1_000n, 2_000)).toBe(800n)
    expect(onChainMinProfit(1_000n, 10_000)).toBe(1n)
    expect(onChainMinProfit(3n, 5_000)).toBe(1n)
  })
  it('refuses a tolerance outside 0..10000 bps', () => {
    expect(() => onChainMinProfit(1n, -1)).toThrow(/toleranceBps/)
    expect(() => onChainMinProfit(1n, 10_001)).toThrow(/toleranceBps/)
    expect(() => onChainMinProfit(1n, 0.5)).toThrow(/toleranceBps/)
  })
})
