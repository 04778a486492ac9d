import { describe, expect, it } from 'vitest'
import { flashPremium } from './flashPremium.js'
import { netProfit } from './netProfit.js'
import { convert, convertUp, ONE } from './price.js'

describe('netProfit', () => {
  it('subtracts gas, tip and premium in start-token units (WETH start)', () => {
    const r = netProfit({
      grossProfit: 10n ** 16n,
      gasUsed: 150_000n,
      baseFee: 20n * 10n ** 9n,
      priorityFee: 10n ** 9n,
      flashFee: 9n * 10n ** 12n,
      ethToStart: ONE,
    })
    expect(r.gasCost).toBe(3n * 10n ** 15n)
    expect(r.priorityCost).toBe(15n * 10n ** 13n)
    expect(r.netProfit).toBe(10n ** 16n - 3n * 10n ** 15n - 15n * 10n ** 13n - 9n * 10n ** 12n)
    expect(r.gasCostWei).toBe(150_000n * 21n * 10n ** 9n)
  })

  it('converts gas to a USDC start token at the pool price, rounding costs up', () => {
    // 1 ETH = 2345.678901 USDC: 2345678901 base units per 1e18 wei
    const ethToUsdc = { num: 2_345_678_901n, den: 10n ** 18n }
    const r = netProfit({ grossProfit: 5_000_000n, gasUsed: 100_000n, baseFee: 10n ** 9n, priorityFee: 0n, flashFee: 0n, ethToStart: ethToUsdc })
    // 1e14 wei * 2345678901 / 1e18 = 234567.8901 -> 234568 (rounded up)
    expect(r.gasCost).toBe(234_568n)
    expect(r.netProfit).toBe(5_000_000n - 234_568n)
  })

  it('can be negative', () => {
    const r = netProfit({ grossProfit: 1n, gasUsed: 1n, baseFee: 2n, priorityFee: 0n, flashFee: 0n, ethToStart: ONE })
    expect(r.netProfit).toBe(-1n)
  })
})

describe('conversions and premium', () => {
  it('rounds down and up', () => {
    expect(convert(10n, { num: 1n, den: 3n })).toBe(3n)
    expect(convertUp(10n, { num: 1n, den: 3n })).toBe(4n)
    expect(convertUp(9n, { num: 1n, den: 3n })).toBe(3n)
  })
  it('matches Aave percentMul rounding (half up)', () => {
    expect(flashPremium(10n ** 18n, 9n)).toBe(9n * 10n ** 14n)
    expect(flashPremium(5_555n, 9n)).toBe(5n) // 4.9995 -> 5
    expect(flashPremium(5_000n, 9n)).toBe(5n) // 4.5 -> 5 (half up)
    expect(flashPremium(4_999n, 9n)).toBe(4n) // 4.4991 -> 4
    expect(flashPremium(1_000n, 0n)).toBe(0n)
  })
})
