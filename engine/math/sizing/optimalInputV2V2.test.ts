import { describe, expect, it } from 'vitest'
import type { Route, V2Pool } from '../../market/types.js'
import { quoteRoute } from '../quoteRoute.js'
import { optimalInputV2V2 } from './optimalInputV2V2.js'

const E18 = 10n ** 18n
const X = '0x00000000000000000000000000000000000000aa'
const Y = '0x00000000000000000000000000000000000000bb'

function pair(address: string, reserveX: bigint, reserveY: bigint, feeBps = 30): V2Pool {
  return { kind: 'v2', address: address as `0x${string}`, venue: 'uniswap-v2', token0: X, token1: Y, reserve0: reserveX, reserve1: reserveY, feeBps }
}

function cycle(buy: V2Pool, sell: V2Pool): Route {
  return {
    startToken: X,
    hops: [
      { pool: buy, tokenIn: X, tokenOut: Y, zeroForOne: true },
      { pool: sell, tokenIn: Y, tokenOut: X, zeroForOne: false },
    ],
  }
}

function bruteForce(route: Route, upTo: bigint): { amountIn: bigint; profit: bigint } {
  let best = { amountIn: 0n, profit: 0n }
  for (let x = 1n; x <= upTo; x++) {
    const p = quoteRoute(route, x) - x
    if (p > best.profit) best = { amountIn: x, profit: p }
  }
  return best
}

function rng(seed: bigint): (m: bigint) => bigint {
  let s = seed
  return (m) => (s = (s * 6364136223846793005n + 1442695040888963407n) % (1n << 64n)) % m
}

describe('optimalInputV2V2', () => {
  it('equals the brute-force integer argmax on small pools', () => {
    const next = rng(3n)
    let checked = 0
    for (let i = 0; i < 60; i++) {
      // Middle token coarser, equal, or finer than the start token: exercises both exact scans.
      const scale = [1n, 1n, 20n][i % 3]!
      const rx = (1000n + next(4000n)) * scale
      const ry = [30n + next(300n), 1000n + next(4000n), 1000n + next(4000n)][i % 3]!
      // second pool priced 2%..40% higher for Y
      const bump = 102n + next(38n)
      const buy = pair('0x01', rx, ry, [30, 25, 5][Number(next(3n))])
      const sell = pair('0x02', (1000n + next(4000n)) * scale, 0n)
      sell.reserve1 = (sell.reserve0 * ry * 100n) / (rx * bump)
      if (sell.reserve1 < 10n) continue
      const route = cycle(buy, sell)
      const expected = bruteForce(route, rx)
      const got = optimalInputV2V2(route)
      if (expected.profit === 0n) {
        expect(got).toBeNull()
        continue
      }
      checked++
      expect(got).not.toBeNull()
      expect(got!.profit).toBe(expected.profit)
      expect(got!.amountIn).toBe(expected.amountIn)
      expect(got!.amountOut).toBe(quoteRoute(route, got!.amountIn))
    }
    expect(checked).toBeGreaterThan(30)
  })

  it('returns null for a consistent market and when fees eat the gap', () => {
    expect(optimalInputV2V2(cycle(pair('0x01', 10n ** 21n, 2n * 10n ** 24n), pair('0x02', 5n * 10n ** 20n, 10n ** 24n)))).toBeNull()
    // 0.5% gap < 2 x 0.3% fees
    expect(optimalInputV2V2(cycle(pair('0x01', 10n ** 21n, 2n * 10n ** 24n), pair('0x02', 10n ** 21n, 1990n * 10n ** 21n)))).toBeNull()
  })

  it('is within rounding noise of the best nearby input on large pools', () => {
    const cheapX = pair('0x01', 1000n * 10n ** 18n, 2_000_000n * 10n ** 6n)
    const dearX = pair('0x02', 800n * 10n ** 18n, 1_640_000n * 10n ** 6n) // X 2.5% dearer in Y
    const route = cycle(dearX, cheapX) // sell X for Y where X is dear, buy it back where it is cheap
    const got = optimalInputV2V2(route)!
    expect(got.profit).toBe(quoteRoute(route, got.amountIn) - got.amountIn)
    // No probe around it does better by more than the rounding noise: one USDC base unit is worth ~5e8 wei.
    const noise = 10n ** 9n
    for (const probe of [got.amountIn * 999n / 1000n, got.amountIn * 1001n / 1000n, got.amountIn - 10n ** 9n, got.amountIn + 10n ** 9n, got.amountIn / 2n, got.amountIn * 2n]) {
      expect(quoteRoute(route, probe) - probe <= got.profit + noise).toBe(true)
    }
    // and the profit is the bulk of the float model's maximum (about 0.039 X for these pools)
    expect(got.profit > 3n * 10n ** 16n).toBe(true)
  })

  it('is within 2 base units of every nearby input on deep 18-decimal pools', () => {
    // X is worth 2000 Y on one pair and 2050 Y on the other: sell it there, buy it back here.
    const r = cycle(pair('0x02', 2000n * E18 + 7n, 4_100_000n * E18 + 3n), pair('0x01', 3000n * E18 + 12345n, 6_000_000n * E18 + 999n))
    const got = optimalInputV2V2(r)!
    expect(got.profit).toBe(quoteRoute(r, got.amountIn) - got.amountIn)
    const next = rng(11n)
    for (let i = 0; i < 3000; i++) {
      const spread = [10n ** 6n, 10n ** 12n, 10n ** 16n][i % 3]!
      const x = got.amountIn - spread + next(2n * spread)
      expect(quoteRoute(r, x) - x <= got.profit + 2n).toBe(true)
    }
  })
})
