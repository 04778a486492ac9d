import { describe, expect, it } from 'vitest'
import type { V3Pool, V3Tick } from '../../market/types.js'
import { computeSwapStep } from './computeSwapStep.js'
import { MAX_SQRT_RATIO, MAX_TICK, MIN_SQRT_RATIO, MIN_TICK, Q96 } from './constants.js'
import { getSqrtRatioAtTick } from './getSqrtRatioAtTick.js'
import { getTickAtSqrtRatio } from './getTickAtSqrtRatio.js'
import { nextInitializedTickWithinOneWord } from './nextInitializedTickWithinOneWord.js'
import { quoteExactInput } from './quoteExactInput.js'

function pool(ticks: V3Tick[], liquidity: bigint, tick = 0, tickSpacing = 60, fee = 3000): V3Pool {
  return {
    kind: 'v3',
    address: '0x0000000000000000000000000000000000000001',
    venue: 'uniswap-v3',
    token0: '0x00000000000000000000000000000000000000a0',
    token1: '0x00000000000000000000000000000000000000b0',
    fee,
    tickSpacing,
    sqrtPriceX96: getSqrtRatioAtTick(tick),
    tick,
    liquidity,
    ticks,
  }
}

/** Replays explicit steps: each entry is a target tick and the liquidity in force before reaching it. */
function walk(start: bigint, steps: Array<[number, bigint]>, amount: bigint, fee: number) {
  let price = start
  let remaining = amount
  let out = 0n
  for (const [tick, liquidity] of steps) {
    const s = computeSwapStep(price, getSqrtRatioAtTick(tick), liquidity, remaining, fee)
    price = s.sqrtRatioNextX96
    remaining -= s.amountIn + s.feeAmount
    out += s.amountOut
    if (remaining === 0n) break
  }
  return { out, remaining, price }
}

// Positions [-600, 600] with 1e21 and [-120, 120] with 5e20.
const twoPositions: V3Tick[] = [
  { index: -600, liquidityNet: 10n ** 21n },
  { index: -120, liquidityNet: 5n * 10n ** 20n },
  { index: 120, liquidityNet: -5n * 10n ** 20n },
  { index: 600, liquidityNet: -(10n ** 21n) },
]

describe('nextInitializedTickWithinOneWord', () => {
  const ticks: V3Tick[] = [-200, -55, -4, 70, 78, 84, 139, 240, 535].map((index) => ({ index, liquidityNet: 1n }))
  // Cases of v3-core's TickBitmap.spec with tickSpacing 1.
  it('searches right within the word', () => {
    expect(nextInitializedTickWithinOneWord(ticks, 78, 1, false).next).toBe(84)
    expect(nextInitializedTickWithinOneWord(ticks, -55, 1, false).next).toBe(-4)
    expect(nextInitializedTickWithinOneWord(ticks, 77, 1, false)).toMatchObject({ next: 78, initialized: true })
    expect(nextInitializedTickWithinOneWord(ticks, 255, 1, false)).toMatchObject({ next: 511, initialized: false })
    expect(nextInitializedTickWithinOneWord(ticks, 383, 1, false)).toMatchObject({ next: 511, initialized: false })
    expect(nextInitializedTickWithinOneWord(ticks, -257, 1, false)).toMatchObject({ next: -200, initialized: true })
  })
  it('searches left within the word, including the tick itself', () => {
    expect(nextInitializedTickWithinOneWord(ticks, 78, 1, true)).toMatchObject({ next: 78, initialized: true })
    expect(nextInitializedTickWithinOneWord(ticks, 79, 1, true)).toMatchObject({ next: 78, initialized: true })
    expect(nextInitializedTickWithinOneWord(ticks, 258, 1, true)).toMatchObject({ next: 256, initialized: false })
    expect(nextInitializedTickWithinOneWord(ticks, 256, 1, true)).toMatchObject({ next: 256, initialized: false })
    expect(nextInitializedTickWithinOneWord(ticks, 72, 1, true)).toMatchObject({ next: 70, initialized: true })
    expect(nextInitializedTickWithinOneWord(ticks, -257, 1, true)).toMatchObject({ next: -512, initialized: false })
    expect(nextInitializedTickWithinOneWord(ticks, 1023, 1, true)).toMatchObject({ next: 768, initialized: false })
  })
  it('compresses by tick spacing, rounding negative ticks down', () => {
    expect(nextInitializedTickWithinOneWord(twoPositions, -1, 60, true)).toMatchObject({ next: -120, initialized: true })
    expect(nextInitializedTickWithinOneWord(twoPositions, -601, 60, true)).toMatchObject({ next: -15360, initialized: false })
    expect(nextInitializedTickWithinOneWord(twoPositions, 600, 60, false)).toMatchObject({ next: 15300, initialized: false })
  })
})

describe('quoteExactInput', () => {
  it('quotes within one range like a single computeSwapStep', () => {
    const p = pool(twoPositions, 15n * 10n ** 20n)
    const q = quoteExactInput(p, true, 10n ** 18n)
    const s = computeSwapStep(Q96, getSqrtRatioAtTick(-120), 15n * 10n ** 20n, 10n ** 18n, 3000)
    expect(q.amountOut).toBe(s.amountOut)
    expect(q.sqrtPriceX96After).toBe(s.sqrtRatioNextX96)
    expect(q.tickAfter).toBe(getTickAtSqrtRatio(s.sqrtRatioNextX96))
    expect(q.ticksCrossed).toBe(0)
    expect(q.amountInUsed).toBe(10n ** 18n)
  })

  it('crosses initialized ticks left, subtracting liquidityNet, as a manual walk', () => {
    const p = pool(twoPositions, 15n * 10n ** 20n)
    const amount = 2n * 10n ** 19n // enough to pass -120 but not -600
    const q = quoteExactInput(p, true, amount)
    const w = walk(Q96, [[-120, 15n * 10n ** 20n], [-600, 10n ** 21n]], amount, 3000)
    expect(w.remaining).toBe(0n)
    expect(q.amountOut).toBe(w.out)
    expect(q.sqrtPriceX96After).toBe(w.price)
    expect(q.ticksCrossed).toBe(1)
    expect(q.liquidityAfter).toBe(10n ** 21n)
    expect(q.tickAfter).toBe(getTickAtSqrtRatio(w.price))
    expect(q.tickAfter < -120 && q.tickAfter > -600).toBe(true)
  })

  it('crosses initialized ticks right, adding liquidityNet', () => {
    const p = pool(twoPositions, 15n * 10n ** 20n)
    const amount = 2n * 10n ** 19n
    const q = quoteExactInput(p, false, amount)
    const w = walk(Q96, [[120, 15n * 10n ** 20n], [600, 10n ** 21n]], amount, 3000)
    expect(q.amountOut).toBe(w.out)
    expect(q.sqrtPriceX96After).toBe(w.price)
    expect(q.liquidityAfter).toBe(10n ** 21n)
  })

  it('runs out of liquidity, walks empty words to the price limit and takes only part of the input', () => {
    const p = pool(twoPositions, 15n * 10n ** 20n)
    const amount = 10n ** 24n
    const q = quoteExactInput(p, true, amount)
    const w = walk(Q96, [[-120, 15n * 10n ** 20n], [-600, 10n ** 21n]], amount, 3000)
    expect(q.amountOut).toBe(w.out)
    expect(q.amountInUsed).toBe(amount - w.remaining)
    expect(q.sqrtPriceX96After).toBe(MIN_SQRT_RATIO + 1n)
    expect(q.tickAfter).toBe(MIN_TICK)
    expect(q.liquidityAfter).toBe(0n)
    expect(q.ticksCrossed).toBe(2)
  })

  it('splits steps at bitmap word boundaries even where no tick is initialized', () => {
    // Full-range position with tickSpacing 1: the only initialized ticks are MIN/MAX, so every step ends at
    // a multiple of 256 ticks. The first step targets tick 0 itself (the price sits exactly on it).
    const L = 10n ** 20n
    const p = pool([{ index: MIN_TICK, liquidityNet: L }, { index: MAX_TICK, liquidityNet: -L }], L, 0, 1, 500)
    const amount = 3n * 10n ** 18n // moves the price ~600 ticks down
    const q = quoteExactInput(p, true, amount)
    const w = walk(Q96, [[0, L], [-256, L], [-512, L], [-768, L]], amount, 500)
    expect(w.remaining).toBe(0n)
    expect(q.amountOut).toBe(w.out)
    expect(q.sqrtPriceX96After).toBe(w.price)
    expect(q.tickAfter < -512 && q.tickAfter > -768).toBe(true)
    // Without the word boundaries the same swap rounds differently (by 4 base units here).
    expect(computeSwapStep(Q96, getSqrtRatioAtTick(MIN_TICK), L, amount, 500).amountOut).not.toBe(q.amountOut)

    const up = quoteExactInput(p, false, amount)
    const wu = walk(Q96, [[255, L], [511, L], [767, L]], amount, 500)
    expect(up.amountOut).toBe(wu.out)
    expect(up.sqrtPriceX96After).toBe(wu.price)
  })

  it('rejects zero input and a price limit on the wrong side', () => {
    const p = pool(twoPositions, 15n * 10n ** 20n)
    expect(() => quoteExactInput(p, true, 0n)).toThrow(/AS/)
    expect(() => quoteExactInput(p, true, 1n, Q96 + 1n)).toThrow(/SPL/)
  })

  it('stops at an explicit price limit', () => {
    const p = pool(twoPositions, 15n * 10n ** 20n)
    const limit = getSqrtRatioAtTick(-60)
    const q = quoteExactInput(p, true, 10n ** 21n, limit)
    expect(q.sqrtPriceX96After).toBe(limit)
    expect(q.amountOut).toBe(walk(Q96, [[-60, 15n * 10n ** 20n]], 10n ** 21n, 3000).out)
    expect(q.amountInUsed < 10n ** 21n).toBe(true)
  })
})

/** The swap loop written plainly with the faithful computeSwapStep, as a reference for the lean loop. */
function referenceSwap(p: V3Pool, zeroForOne: boolean, amountIn: bigint) {
  const limit = zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n
  let remaining = amountIn
  let out = 0n
  let price = p.sqrtPriceX96
  let tick = p.tick
  let liquidity = p.liquidity
  while (remaining !== 0n && price !== limit) {
    const start = price
    const step = nextInitializedTickWithinOneWord(p.ticks, tick, p.tickSpacing, zeroForOne)
    const tickNext = Math.min(MAX_TICK, Math.max(MIN_TICK, step.next))
    const nextPrice = getSqrtRatioAtTick(tickNext)
    const target = (zeroForOne ? nextPrice < limit : nextPrice > limit) ? limit : nextPrice
    const s = computeSwapStep(price, target, liquidity, remaining, p.fee)
    price = s.sqrtRatioNextX96
    remaining -= s.amountIn + s.feeAmount
    out += s.amountOut
    if (price === nextPrice) {
      if (step.initialized) liquidity += zeroForOne ? -p.ticks[step.position]!.liquidityNet : p.ticks[step.position]!.liquidityNet
      tick = zeroForOne ? tickNext - 1 : tickNext
    } else if (price !== start) tick = getTickAtSqrtRatio(price)
  }
  return { out, price, tick, liquidity, used: amountIn - remaining }
}

describe('quoteExactInput against the reference loop (fuzzed)', () => {
  it('agrees to the base unit on random pools with many positions', () => {
    let s = 2024n
    const next = (m: bigint): bigint => (s = (s * 6364136223846793005n + 1442695040888963407n) % (1n << 64n)) % m
    for (let i = 0; i < 150; i++) {
      const spacing = [1, 10, 60, 200][Number(next(4n))]!
      const fee = [100, 500, 3000, 10000][Number(next(4n))]!
      const tick = Number(next(200_000n)) - 100_000
      // Positions around the price, as (lower, upper, liquidity) in spacing units.
      const net = new Map<number, bigint>()
      const positions = 1 + Number(next(8n))
      for (let k = 0; k < positions; k++) {
        const center = Math.floor(tick / spacing) + Number(next(600n)) - 300
        const lower = (center - 1 - Number(next(400n))) * spacing
        const upper = (center + 1 + Number(next(400n))) * spacing
        const l = 1n + next(10n ** 22n)
        net.set(lower, (net.get(lower) ?? 0n) + l)
        net.set(upper, (net.get(upper) ?? 0n) - l)
      }
      const ticks = [...net.entries()].map(([index, liquidityNet]) => ({ index, liquidityNet })).sort((a, b) => a.index - b.index)
      let liquidity = 0n
      for (const t of ticks) if (t.index <= tick) liquidity += t.liquidityNet
      const p = pool(ticks, liquidity, tick, spacing, fee)
      // Nudge the price inside its tick so steps start off-boundary.
      p.sqrtPriceX96 += (getSqrtRatioAtTick(tick + 1) - p.sqrtPriceX96) / (1n + next(5n))
      for (const zeroForOne of [true, false]) {
        const amount = 1n + next(10n ** BigInt(10 + Number(next(14n))))
        const got = quoteExactInput(p, zeroForOne, amount)
        const want = referenceSwap(p, zeroForOne, amount)
        expect(got.amountOut).toBe(want.out)
        expect(got.sqrtPriceX96After).toBe(want.price)
        expect(got.tickAfter).toBe(want.tick)
        expect(got.liquidityAfter).toBe(want.liquidity)
        expect(got.amountInUsed).toBe(want.used)
      }
    }
  })
})
