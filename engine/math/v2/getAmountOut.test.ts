import { describe, expect, it } from 'vitest'
import { getAmountIn } from './getAmountIn.js'
import { getAmountOut } from './getAmountOut.js'

describe('getAmountOut', () => {
  it('matches the UniswapV2Library formula at 997/1000', () => {
    // 1 token in, reserves 5 / 10 (UniswapV2Router02 tests): 1662497915624478906
    expect(getAmountOut(10n ** 18n, 5n * 10n ** 18n, 10n * 10n ** 18n, 30)).toBe(1662497915624478906n)
    // Hand-computed: 2 * 997 * 100 / (100 * 1000 + 2 * 997) = 199400 / 101994 = 1
    expect(getAmountOut(2n, 100n, 100n, 30)).toBe(1n)
    expect(getAmountOut(1000n, 1000n, 1000n, 30)).toBe(499n) // 997000000 / 1997000
  })

  it('uses feeBps: 0 bps is the fee-less constant product', () => {
    expect(getAmountOut(1000n, 1000n, 1000n, 0)).toBe(500n)
    expect(getAmountOut(1000n, 1000n, 1000n, 25)).toBe(499n) // 9975000000 / 19975000 = 499.37
  })

  it('rejects zero input and empty reserves', () => {
    expect(() => getAmountOut(0n, 1n, 1n, 30)).toThrow(/INSUFFICIENT_INPUT_AMOUNT/)
    expect(() => getAmountOut(1n, 0n, 1n, 30)).toThrow(/INSUFFICIENT_LIQUIDITY/)
  })

  it('never lets k decrease (fuzzed)', () => {
    let seed = 12345n
    const next = (): bigint => (seed = (seed * 6364136223846793005n + 1442695040888963407n) % (1n << 64n))
    for (let i = 0; i < 500; i++) {
      const r0 = (next() % 10n ** 12n) + 1000n
      const r1 = (next() % 10n ** 12n) + 1000n
      const x = (next() % r0) + 1n
      const y = getAmountOut(x, r0, r1, 30)
      // The pair's check: (r0*1000 + x*997) * (r1 - y) * 1000 >= r0 * r1 * 1000^2
      expect((r0 * 1000n + x * 997n) * (r1 - y) * 1000n >= r0 * r1 * 1_000_000n).toBe(true)
      // and one more unit out would break it
      expect((r0 * 1000n + x * 997n) * (r1 - y - 1n) * 1000n < r0 * r1 * 1_000_000n || y + 1n >= r1).toBe(true)
    }
  })
})

describe('getAmountIn', () => {
  it('matches the UniswapV2Library formula', () => {
    // reserves 5 / 10, 1 out: 5e18 * 1e18 * 1000 / (9e18 * 997) + 1
    expect(getAmountIn(10n ** 18n, 5n * 10n ** 18n, 10n * 10n ** 18n, 30)).toBe(557227237267357629n)
  })

  it('returns an input that buys at least the amount out', () => {
    for (const [out, r0, r1] of [[1n, 100n, 100n], [77n, 1000n, 500n], [10n ** 6n, 10n ** 21n, 3n * 10n ** 9n]] as const) {
      const x = getAmountIn(out, r0, r1, 30)
      expect(getAmountOut(x, r0, r1, 30) >= out).toBe(true)
    }
  })

  it('rejects amountOut >= reserveOut', () => {
    expect(() => getAmountIn(100n, 100n, 100n, 30)).toThrow()
  })
})
