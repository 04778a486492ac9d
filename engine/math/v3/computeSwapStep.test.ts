import { describe, expect, it } from 'vitest'
import { computeSwapStep } from './computeSwapStep.js'
import { Q96 } from './constants.js'
import { getAmount0Delta } from './getAmount0Delta.js'
import { getAmount1Delta } from './getAmount1Delta.js'
import { getSqrtRatioAtTick } from './getSqrtRatioAtTick.js'

describe('computeSwapStep', () => {
  it('takes the entire input as fee when it is too small to move the price (v3-core case)', () => {
    const step = computeSwapStep(2413n, 79887613182836312n, 1985041575832132834610021537970n, 10n, 1872)
    expect(step).toEqual({ sqrtRatioNextX96: 2413n, amountIn: 0n, amountOut: 0n, feeAmount: 10n })
  })

  it('caps the output at the desired exact output (v3-core case)', () => {
    const step = computeSwapStep(
      417332158212080721273783715441582n,
      1452870262520218020823638996n,
      159344665391607089467575320103n,
      -1n,
      1,
    )
    expect(step).toEqual({ sqrtRatioNextX96: 417332158212080721273783715441581n, amountIn: 1n, amountOut: 1n, feeAmount: 1n })
  })

  it('stops at the target when the input suffices, and charges the fee on the amount used', () => {
    const L = 2n * 10n ** 18n
    const target = getSqrtRatioAtTick(100)
    const step = computeSwapStep(Q96, target, L, 10n ** 18n, 600)
    expect(step.sqrtRatioNextX96).toBe(target)
    expect(step.amountIn).toBe(getAmount1Delta(Q96, target, L, true))
    expect(step.amountOut).toBe(getAmount0Delta(Q96, target, L, false))
    expect(step.feeAmount).toBe((step.amountIn * 600n + 999_399n) / 999_400n)
  })

  it('holds its invariants for fuzzed exact-input steps', () => {
    let s = 42n
    const next = (m: bigint): bigint => (s = (s * 6364136223846793005n + 1442695040888963407n) % (1n << 64n)) % m
    for (let i = 0; i < 400; i++) {
      const tick = Number(next(200_000n)) - 100_000
      const dir = next(2n) === 0n
      const current = getSqrtRatioAtTick(tick)
      const target = getSqrtRatioAtTick(dir ? tick - 1 - Number(next(5000n)) : tick + 1 + Number(next(5000n)))
      const liquidity = 1n + next(10n ** 24n)
      const amount = 1n + next(10n ** 22n)
      const fee = [100, 500, 3000, 10000][Number(next(4n))]!
      const step = computeSwapStep(current, target, liquidity, amount, fee)
      // never spends more than given, never passes the target, moves the right way
      expect(step.amountIn + step.feeAmount <= amount).toBe(true)
      if (dir) expect(step.sqrtRatioNextX96 >= target && step.sqrtRatioNextX96 <= current).toBe(true)
      else expect(step.sqrtRatioNextX96 <= target && step.sqrtRatioNextX96 >= current).toBe(true)
      // a step that stops short of the target consumes the whole amount
      if (step.sqrtRatioNextX96 !== target) expect(step.amountIn + step.feeAmount).toBe(amount)
      // output never exceeds what the price move pays, rounded down
      const paid = dir
        ? getAmount1Delta(step.sqrtRatioNextX96, current, liquidity, false)
        : getAmount0Delta(current, step.sqrtRatioNextX96, liquidity, false)
      expect(step.amountOut).toBe(paid)
    }
  })
})
