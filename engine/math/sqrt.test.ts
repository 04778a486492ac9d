import { describe, expect, it } from 'vitest'
import { sqrt } from './sqrt.js'

describe('sqrt', () => {
  it('is the floor of the square root', () => {
    for (let i = 0n; i < 2000n; i++) {
      const r = sqrt(i)
      expect(r * r <= i && (r + 1n) * (r + 1n) > i).toBe(true)
    }
    const big = (1n << 255n) + 12345n
    const r = sqrt(big)
    expect(r * r <= big && (r + 1n) * (r + 1n) > big).toBe(true)
    expect(sqrt(10n ** 36n)).toBe(10n ** 18n)
    expect(sqrt(10n ** 36n - 1n)).toBe(10n ** 18n - 1n)
  })
  it('rejects negatives', () => {
    expect(() => sqrt(-1n)).toThrow(RangeError)
  })
})
