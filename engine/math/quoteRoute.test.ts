import { describe, expect, it } from 'vitest'
import { quoteRoute } from './quoteRoute.js'
import { quoteRouteMarginal } from './quoteRouteMarginal.js'
import { routeThrough, TOKEN_A, TOKEN_B, TOKEN_C, v2Pool, v3Pool } from './testing/fixtures.js'
import { getAmountOut } from './v2/getAmountOut.js'
import { quoteExactInput } from './v3/quoteExactInput.js'

describe('quoteRoute', () => {
  const ab = v2Pool('0x01', TOKEN_A, TOKEN_B, 10n ** 21n, 2n * 10n ** 21n)
  const bc = v3Pool('0x02', TOKEN_B, TOKEN_C, 6931, 10n ** 22n) // C per B ~ 2
  const ca = v2Pool('0x03', TOKEN_A, TOKEN_C, 10n ** 21n, 4n * 10n ** 21n)

  it('chains hop quotes in both pool orientations', () => {
    const route = routeThrough(TOKEN_A, [ab, bc, ca])
    expect(route.hops.map((h) => h.zeroForOne)).toEqual([true, true, false])
    const x = 10n ** 18n
    const b = getAmountOut(x, ab.reserve0, ab.reserve1, 30)
    const c = quoteExactInput(bc, true, b).amountOut
    const a = getAmountOut(c, ca.reserve1, ca.reserve0, 30)
    expect(quoteRoute(route, x)).toBe(a)
    expect(quoteRouteMarginal(route, x).amountOut).toBe(a)
  })

  it('returns 0 when an intermediate amount rounds to 0', () => {
    expect(quoteRoute(routeThrough(TOKEN_A, [v2Pool('0x04', TOKEN_A, TOKEN_B, 10n ** 24n, 10n), ca]), 1000n)).toBe(0n)
    expect(quoteRoute(routeThrough(TOKEN_A, [ab]), 0n)).toBe(0n)
  })

  it('reports a marginal rate that matches finite differences', () => {
    const route = routeThrough(TOKEN_A, [ab, bc, ca])
    const x = 10n ** 20n
    const h = 10n ** 14n
    const slope = Number(quoteRoute(route, x + h) - quoteRoute(route, x)) / Number(h)
    expect(Math.abs(quoteRouteMarginal(route, x).marginalRate - slope) / slope).toBeLessThan(1e-3)
  })
})
