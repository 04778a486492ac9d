import { describe, expect, it } from 'vitest'
import { encodeRoute } from '../executors/encodeRoute.js'
import type { V2Pool } from '../market/types.js'
import { logSpotRate } from './logSpotRate.js'
import { quoteRoute } from './quoteRoute.js'
import { quoteRouteMarginal } from './quoteRouteMarginal.js'
import { optimalInputV2V2 } from './sizing/optimalInputV2V2.js'
import { routeThrough, TOKEN_A, TOKEN_B, TOKEN_C, v2Pool, v3Pool } from './testing/fixtures.js'
import { afterTransferTax, canRouteTaxed, routeTransferTaxes } from './transferTax.js'
import { getAmountOut } from './v2/getAmountOut.js'

const E18 = 10n ** 18n
/** TOKEN_B is taxed 5% in both pairs; A/B at 1:1000 on one, 1:1300 on the other (B dearer there). */
const taxed = (pool: V2Pool): V2Pool => ({ ...pool, transferTaxBps: [0, 500] })
const cheap = taxed(v2Pool('0x00000000000000000000000000000000000000a1', TOKEN_A, TOKEN_B, 1_000n * E18, 1_000_000n * E18))
const dear = taxed(v2Pool('0x00000000000000000000000000000000000000a2', TOKEN_A, TOKEN_B, 1_000n * E18, 770_000n * E18, 30, 'sushiswap'))

describe('afterTransferTax', () => {
  it('takes the tax rounded down, as the token burns it', () => {
    expect(afterTransferTax(1_000n, 500)).toBe(950n)
    expect(afterTransferTax(19n, 500)).toBe(19n) // 0.95 of tax rounds to 0
    expect(afterTransferTax(21n, 500)).toBe(20n)
    expect(afterTransferTax(7n, 0)).toBe(7n)
  })
})

describe('quoting through a taxed token', () => {
  const route = routeThrough(TOKEN_A, [cheap, dear])

  it('taxes the middle token once, on its way from the first pair to the second', () => {
    const amountIn = 3n * E18
    const bought = getAmountOut(amountIn, cheap.reserve0, cheap.reserve1, 30)
    const expected = getAmountOut(afterTransferTax(bought, 500), dear.reserve1, dear.reserve0, 30)
    expect(quoteRoute(route, amountIn)).toBe(expected)
    expect(quoteRouteMarginal(route, amountIn).amountOut).toBe(expected)
    expect(routeTransferTaxes(route)).toEqual(new Map([[TOKEN_B, 500]]))
  })

  it('puts the tax in the spot rate of the direction that delivers the taxed token', () => {
    const plain = v2Pool(cheap.address, TOKEN_A, TOKEN_B, cheap.reserve0, cheap.reserve1)
    expect(logSpotRate(cheap, true) - logSpotRate(plain, true)).toBeCloseTo(Math.log(0.95), 12)
    expect(logSpotRate(cheap, false)).toBe(logSpotRate(plain, false))
  })

  it('sizes a taxed V2-V2 cycle on the taxed quotes (the closed form has no tax)', () => {
    const sized = optimalInputV2V2(route)!
    expect(sized.profit).toBe(quoteRoute(route, sized.amountIn) - sized.amountIn)
    // Nearby inputs do not do better by more than the search's flat tolerance.
    for (const x of [sized.amountIn - sized.amountIn / 100n, sized.amountIn + sized.amountIn / 100n]) {
      expect(quoteRoute(route, x) - x).toBeLessThanOrEqual(sized.profit)
    }
  })

  it('encodes the hop that sells the taxed token with the from-balance bit, and only it', () => {
    const hex = encodeRoute(route)
    // startToken (20 bytes), then hop 1 flags at byte 20, hop 2 flags at byte 20 + 43.
    const flags = (byte: number) => parseInt(hex.slice(2 + byte * 2, 4 + byte * 2), 16)
    expect(flags(20)).toBe(2) // A -> B on `cheap`: zeroForOne, plain
    expect(flags(63)).toBe(16) // B -> A on `dear`: from balance
    const plain = encodeRoute(routeThrough(TOKEN_A, [{ ...cheap, transferTaxBps: undefined }, { ...dear, transferTaxBps: undefined }]))
    expect(parseInt(plain.slice(2 + 63 * 2, 4 + 63 * 2), 16)).toBe(0)
  })

  it('quotes 0 for a route the executor cannot run: a taxed start token, or a non-V2 pool paid in the taxed token', () => {
    expect(canRouteTaxed(route, routeTransferTaxes(route))).toBe(true)
    const fromTaxed = routeThrough(TOKEN_B, [dear, cheap])
    expect(canRouteTaxed(fromTaxed, routeTransferTaxes(fromTaxed))).toBe(false)
    expect(quoteRoute(fromTaxed, E18)).toBe(0n)
    // A -> B on the taxed pair, then B -> C on a V3 pool: the pool would be paid short.
    const v3 = v3Pool('0x00000000000000000000000000000000000000a3', TOKEN_B, TOKEN_C, 0, 10n ** 24n)
    const c2a = v2Pool('0x00000000000000000000000000000000000000a4', TOKEN_A, TOKEN_C, 1_000n * E18, 1_000_000n * E18)
    const throughV3 = routeThrough(TOKEN_A, [cheap, v3, c2a])
    expect(quoteRoute(throughV3, E18)).toBe(0n)
    expect(quoteRouteMarginal(throughV3, E18)).toEqual({ amountOut: 0n, marginalRate: 0 })
  })
})
