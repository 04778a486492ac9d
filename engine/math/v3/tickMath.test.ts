import { describe, expect, it } from 'vitest'
import { MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK, Q96 } from './constants.js'
import { getSqrtRatioAtTick } from './getSqrtRatioAtTick.js'
import { getTickAtSqrtRatio } from './getTickAtSqrtRatio.js'

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('getSqrtRatioAtTick', () => {
  it('equals the contract constants at MIN_TICK, MAX_TICK and 0', () => {
    expect(getSqrtRatioAtTick(MIN_TICK)).toBe(4295128739n)
    expect(getSqrtRatioAtTick(MAX_TICK)).toBe(1461446703485210103287273052203988822378723970342n)
    expect(getSqrtRatioAtTick(MIN_TICK)).toBe(MIN_SQRT_RATIO)
    expect(getSqrtRatioAtTick(MAX_TICK)).toBe(MAX_SQRT_RATIO)
    expect(getSqrtRatioAtTick(0)).toBe(Q96)
  })

  it('equals the v3-core test values next to the bounds', () => {
    expect(getSqrtRatioAtTick(MIN_TICK + 1)).toBe(4295343490n)
    expect(getSqrtRatioAtTick(MAX_TICK - 1)).toBe(1461373636630004318706518188784493106690254656249n)
  })

  it('reverts outside the tick range', () => {
    expect(() => getSqrtRatioAtTick(MIN_TICK - 1)).toThrow(/'?T'?/)
    expect(() => getSqrtRatioAtTick(MAX_TICK + 1)).toThrow(/T/)
  })

  it('is within 1e-9 relative of sqrt(1.0001^tick) * 2^96', () => {
    const next = rng(7)
    for (let i = 0; i < 300; i++) {
      const tick = Math.round((next() * 2 - 1) * 400_000)
      const expected = Math.sqrt(Math.pow(1.0001, tick))
      const got = Number(getSqrtRatioAtTick(tick)) / 2 ** 96
      expect(Math.abs(got - expected) / expected).toBeLessThan(1e-9)
    }
  })

  it('is strictly increasing', () => {
    let prev = getSqrtRatioAtTick(-1000)
    for (let t = -999; t <= 1000; t++) {
      const cur = getSqrtRatioAtTick(t)
      expect(cur > prev).toBe(true)
      prev = cur
    }
  })
})

describe('getTickAtSqrtRatio', () => {
  it('maps the bounds like the contract', () => {
    expect(getTickAtSqrtRatio(MIN_SQRT_RATIO)).toBe(MIN_TICK)
    expect(getTickAtSqrtRatio(MIN_SQRT_RATIO + 1n)).toBe(MIN_TICK)
    expect(getTickAtSqrtRatio(MAX_SQRT_RATIO - 1n)).toBe(MAX_TICK - 1)
    expect(getTickAtSqrtRatio(Q96)).toBe(0)
    expect(() => getTickAtSqrtRatio(MIN_SQRT_RATIO - 1n)).toThrow(/R/)
    expect(() => getTickAtSqrtRatio(MAX_SQRT_RATIO)).toThrow(/R/)
  })

  it('round-trips fuzzed ticks and returns the greatest tick at or below a price', () => {
    const next = rng(99)
    for (let i = 0; i < 1000; i++) {
      const tick = MIN_TICK + 1 + Math.floor(next() * (MAX_TICK - MIN_TICK - 1))
      const sqrt = getSqrtRatioAtTick(tick)
      expect(getTickAtSqrtRatio(sqrt)).toBe(tick)
      expect(getTickAtSqrtRatio(sqrt - 1n)).toBe(tick - 1)
      if (tick < MAX_TICK - 1) {
        const upper = getSqrtRatioAtTick(tick + 1)
        expect(getTickAtSqrtRatio(upper - 1n)).toBe(tick)
        // any price strictly inside [sqrt(tick), sqrt(tick+1)) maps to tick
        const inside = sqrt + ((upper - sqrt) * BigInt(Math.floor(next() * 1e6))) / 1_000_000n
        expect(getTickAtSqrtRatio(inside)).toBe(tick)
      }
    }
  })
})
