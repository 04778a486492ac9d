import { describe, expect, it } from 'vitest'
import { weightedSwapGivenIn } from '../../math/balancer/weightedSwapGivenIn.js'
import { getAmountOut } from '../../math/v2/getAmountOut.js'
import { createRandom } from './createRandom.js'
import { v2MidPrice, weightedMidPrice } from './midPrice.js'
import { priceRatio, sqrtPriceX96At, v2InputToPrice, weightedInputToPrice } from './priceTarget.js'

describe('v2InputToPrice', () => {
  it('moves a pair to the target price (to within the fee) in either direction, fuzzed', () => {
    const rng = createRandom(5, 'v2InputToPrice')
    for (let i = 0; i < 500; i++) {
      const reserve0 = 10n ** 18n * BigInt(rng.int(10, 100_000))
      const reserve1 = 10n ** 6n * BigInt(rng.int(10_000, 300_000_000))
      const mid = v2MidPrice(reserve0, reserve1, 18, 6)
      const target = mid * Math.exp(0.2 * (rng.next() - 0.5))
      const move = v2InputToPrice(reserve0, reserve1, priceRatio(target, 18, 6), 30)
      if (!move) continue
      const out = getAmountOut(move.amountIn, move.zeroForOne ? reserve0 : reserve1, move.zeroForOne ? reserve1 : reserve0, 30)
      const after = move.zeroForOne
        ? v2MidPrice(reserve0 + move.amountIn, reserve1 - out, 18, 6)
        : v2MidPrice(reserve0 - out, reserve1 + move.amountIn, 18, 6)
      expect(move.zeroForOne).toBe(target < mid)
      expect(Math.abs(Math.log(after / target))).toBeLessThan(0.0031)
    }
  })

  it('returns null when the pair is already at the target', () => {
    const r0 = 1_000n * 10n ** 18n
    const r1 = 3_000_000n * 10n ** 6n
    expect(v2InputToPrice(r0, r1, { num: r1, den: r0 }, 30)).toBeNull()
  })
})

describe('weightedInputToPrice', () => {
  it('moves a weighted pool to the target price (to within the fee) in either direction, for 50/50, 80/20 and 60/40, fuzzed', () => {
    const rng = createRandom(6, 'weightedInputToPrice')
    let moves = 0
    for (let i = 0; i < 300; i++) {
      const w = [50, 80, 60, 20][i % 4]!
      const weight0 = BigInt(w) * 10n ** 16n
      const weight1 = 10n ** 18n - weight0
      const pool = { balance0: 10n ** 18n * BigInt(rng.int(10, 100_000)), balance1: 10n ** 6n * BigInt(rng.int(10_000, 300_000_000)), weight0, weight1 }
      const mid = weightedMidPrice(pool, 18, 6)
      const target = mid * Math.exp(0.1 * (rng.next() - 0.5))
      const move = weightedInputToPrice(pool, priceRatio(target, 18, 6), 3000)
      if (!move) continue
      moves++
      const side = move.zeroForOne
        ? { balanceIn: pool.balance0, balanceOut: pool.balance1, weightIn: weight0, weightOut: weight1, scalingIn: 10n ** 18n, scalingOut: 10n ** 30n }
        : { balanceIn: pool.balance1, balanceOut: pool.balance0, weightIn: weight1, weightOut: weight0, scalingIn: 10n ** 30n, scalingOut: 10n ** 18n }
      const out = weightedSwapGivenIn(move.amountIn, { ...side, swapFee: 3n * 10n ** 15n, powShortcuts: true })
      const after = move.zeroForOne
        ? { ...pool, balance0: pool.balance0 + move.amountIn, balance1: pool.balance1 - out }
        : { ...pool, balance0: pool.balance0 - out, balance1: pool.balance1 + move.amountIn }
      expect(move.zeroForOne).toBe(target < mid)
      // The fee stays in the pool, so the price stops short of the target by at most the fee.
      expect(Math.abs(Math.log(weightedMidPrice(after, 18, 6) / target))).toBeLessThan(0.0031)
    }
    expect(moves).toBeGreaterThan(250)
  })
})

describe('sqrtPriceX96At', () => {
  it('gives 2^96 at price 1 and the square root otherwise', () => {
    expect(sqrtPriceX96At({ num: 1n, den: 1n })).toBe(2n ** 96n)
    expect(sqrtPriceX96At({ num: 4n, den: 1n })).toBe(2n ** 97n)
    // 3000 USDC (6 decimals) per WETH (18): 3000e6 / 1e18 base units.
    const s = sqrtPriceX96At(priceRatio(3_000, 18, 6))
    expect(Number(s) / 2 ** 96).toBeCloseTo(Math.sqrt(3_000e-12), 12)
  })
})
