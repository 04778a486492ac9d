import { describe, expect, it } from 'vitest'
import { quoteRoute } from '../quoteRoute.js'
import { routeThrough, TOKEN_A, TOKEN_B, TOKEN_C, v2Pool, v3Pool } from '../testing/fixtures.js'
import { optimalInputSearch } from './optimalInputSearch.js'
import { optimalInputV2V2 } from './optimalInputV2V2.js'

describe('optimalInputSearch', () => {
  it('matches a dense scan on a V2 -> V3 cycle', () => {
    // A is worth 2 B on the V2 pair but ~2.2 B on the V3 pool (tick 7885 ~ 1.0001^7885 = 2.2).
    const v2 = v2Pool('0x01', TOKEN_A, TOKEN_B, 10n ** 21n, 2n * 10n ** 21n)
    const v3 = v3Pool('0x02', TOKEN_A, TOKEN_B, 7885, 5n * 10n ** 21n)
    const route = routeThrough(TOKEN_B, [v2, v3]) // B -> A on V2, A -> B on V3
    const got = optimalInputSearch(route)!
    expect(got).not.toBeNull()
    expect(got.amountOut).toBe(quoteRoute(route, got.amountIn))
    expect(got.profit).toBe(got.amountOut - got.amountIn)
    let best = 0n
    for (let i = 1n; i <= 2000n; i++) {
      const x = (got.amountIn * i) / 1000n
      const p = quoteRoute(route, x) - x
      if (p > best) best = p
    }
    // The search lands on the flat top: within 1e-9 of the best of a 0.1%-step scan, and no worse than it.
    expect(got.profit >= best - best / 1_000_000_000n).toBe(true)
  })

  it('agrees with the V2V2 closed form within rounding noise', () => {
    const route = routeThrough(TOKEN_A, [v2Pool('0x01', TOKEN_A, TOKEN_B, 10n ** 21n, 2n * 10n ** 21n), v2Pool('0x02', TOKEN_A, TOKEN_B, 10n ** 21n, 21n * 10n ** 20n)].reverse())
    const exact = optimalInputV2V2(route)!
    const searched = optimalInputSearch(route)!
    expect(exact.profit >= searched.profit).toBe(true)
    expect(exact.profit - searched.profit <= exact.profit / 10n ** 9n).toBe(true)
  })

  it('finds the cycle through three pools and respects maxAmountIn', () => {
    const route = routeThrough(TOKEN_A, [
      v2Pool('0x01', TOKEN_A, TOKEN_B, 10n ** 21n, 2n * 10n ** 21n),
      v3Pool('0x02', TOKEN_B, TOKEN_C, 6931, 10n ** 22n), // 1 B = 2 C
      v2Pool('0x03', TOKEN_A, TOKEN_C, 10n ** 21n, 36n * 10n ** 20n), // 1 A = 3.6 C: A is cheap here
    ])
    const free = optimalInputSearch(route)!
    expect(free.profit > 0n).toBe(true)
    const capped = optimalInputSearch(route, { maxAmountIn: free.amountIn / 10n })!
    expect(capped.amountIn).toBe(free.amountIn / 10n)
    expect(capped.profit < free.profit).toBe(true)
  })

  it('returns null on a consistent market', () => {
    const route = routeThrough(TOKEN_A, [v2Pool('0x01', TOKEN_A, TOKEN_B, 10n ** 21n, 2n * 10n ** 21n), v3Pool('0x02', TOKEN_A, TOKEN_B, 6931, 10n ** 22n)])
    expect(optimalInputSearch(route)).toBeNull()
  })
})
