import { describe, expect, it } from 'vitest'
import type { Address, BalancerWeightedPool, MarketState, Opportunity, Pool } from '../market/types.js'
import { quoteRoute } from '../math/quoteRoute.js'
import { TOKEN_A, TOKEN_B, TOKEN_C, v2Pool, v3Pool } from '../math/testing/fixtures.js'
import { logSpotRate } from '../math/logSpotRate.js'
import { createCycleIndex } from './createCycleIndex.js'
import { createDetectionCache } from './createDetectionCache.js'
import { poolRates } from './poolRates.js'
import { multiHop } from './multiHop.js'
import { runStrategy, strategyNames } from './registry.js'
import { spatial } from './spatial.js'
import { createRandom, createSyntheticMarket, movePool, perturbMarket } from './testing/syntheticMarket.js'
import { triangular } from './triangular.js'
import { twoStep } from './twoStep.js'

const TOKEN_D: Address = '0x000000000000000000000000000000000000000d'
const E18 = 10n ** 18n

function market(pools: Pool[]): MarketState {
  return { blockNumber: 100n, timestamp: 0n, baseFee: 0n, tokens: new Map(), pools }
}

/** Each reported opportunity is a profitable cycle whose numbers re-quote exactly. */
function expectSound(opportunities: Opportunity[]): void {
  const keys = new Set<string>()
  for (const o of opportunities) {
    const hops = o.route.hops
    expect(hops[0]!.tokenIn).toBe(o.route.startToken)
    expect(hops.at(-1)!.tokenOut).toBe(o.route.startToken)
    for (let i = 1; i < hops.length; i++) expect(hops[i]!.tokenIn).toBe(hops[i - 1]!.tokenOut)
    expect(o.expectedOut).toBe(quoteRoute(o.route, o.amountIn))
    expect(o.expectedProfit).toBe(o.expectedOut - o.amountIn)
    expect(o.expectedProfit > 0n).toBe(true)
    // no cycle twice, whatever its rotation
    const edges = hops.map((h) => `${h.pool.address}:${h.zeroForOne}`)
    const m = edges.indexOf([...edges].sort()[0]!)
    const key = edges.slice(m).concat(edges.slice(0, m)).join('>')
    expect(keys.has(key)).toBe(false)
    keys.add(key)
  }
}

describe('spatial', () => {
  const uni = v2Pool('0x01', TOKEN_A, TOKEN_B, 1000n * E18, 2_000_000n * E18)
  it('finds nothing when venues agree', () => {
    const sushi = v2Pool('0x02', TOKEN_A, TOKEN_B, 500n * E18, 1_000_000n * E18, 30, 'sushiswap')
    const v3 = v3Pool('0x03', TOKEN_A, TOKEN_B, 76013, 10n ** 22n) // 1.0001^76013 ~ 2000
    expect(spatial(market([uni, sushi, v3]))).toEqual([])
  })

  it('buys on the cheap V2 venue and sells on the dear one', () => {
    const sushi = v2Pool('0x02', TOKEN_A, TOKEN_B, 500n * E18, 1_030_000n * E18, 30, 'sushiswap') // A 3% dearer
    const found = spatial(market([uni, sushi]), { startTokens: [TOKEN_A] })
    expect(found).toHaveLength(1)
    const o = found[0]!
    expect(o).toMatchObject({ strategy: 'spatial', kind: 'v2-v2', blockNumber: 100n })
    // Sell A where it is dear (sushi), buy it back on uni.
    expect(o.route.hops.map((h) => h.pool.address)).toEqual(['0x02', '0x01'])
    expectSound(found)
    // Profit in B when B is the start token, found in the other direction.
    const inB = spatial(market([uni, sushi]), { startTokens: [TOKEN_B] })
    expect(inB).toHaveLength(1)
    expect(inB[0]!.route.hops.map((h) => h.pool.address)).toEqual(['0x01', '0x02'])
  })

  it('finds V2 <-> V3 and V3 fee-tier gaps, and honours minProfit', () => {
    const v3 = v3Pool('0x03', TOKEN_A, TOKEN_B, 76013 + 300, 10n ** 22n, { fee: 500, tickSpacing: 10 }) // ~3% dearer A
    const found = spatial(market([uni, v3]), { startTokens: [TOKEN_A] })
    expect(found.map((o) => o.kind)).toEqual(['v2-v3'])
    expectSound(found)
    expect(spatial(market([uni, v3]), { startTokens: [TOKEN_A], minProfit: found[0]!.expectedProfit + 1n })).toEqual([])

    const tier = v3Pool('0x04', TOKEN_A, TOKEN_B, 76013, 10n ** 22n, { fee: 3000 })
    const tiers = spatial(market([v3, tier]), { startTokens: [TOKEN_A] })
    expect(tiers.map((o) => o.kind)).toEqual(['v3-v3'])
    expectSound(tiers)
  })
})

describe('triangular', () => {
  // A = 2 B, B = 3 C, so A = 6 C.
  const ab = v2Pool('0x01', TOKEN_A, TOKEN_B, 1000n * E18, 2000n * E18)
  const bc = v3Pool('0x02', TOKEN_B, TOKEN_C, 10986, 10n ** 23n) // 1.0001^10986 ~ 3
  it('finds nothing in a consistent market', () => {
    const ac = v2Pool('0x03', TOKEN_A, TOKEN_C, 1000n * E18, 6000n * E18)
    expect(triangular(market([ab, bc, ac]))).toEqual([])
  })

  it('finds a planted cycle once, whatever the start tokens', () => {
    const ac = v2Pool('0x03', TOKEN_A, TOKEN_C, 1000n * E18, 6300n * E18) // A worth 6.3 C here
    for (const startTokens of [undefined, [TOKEN_A], [TOKEN_C, TOKEN_B, TOKEN_A]]) {
      const found = triangular(market([ab, bc, ac]), { startTokens })
      expect(found).toHaveLength(1)
      expect(found[0]!.kind).toBe('cycle-3')
      expect(found[0]!.route.startToken).toBe(startTokens?.[0] ?? TOKEN_A)
      expectSound(found)
    }
    // A -> C on the dear pool, C -> B, B -> A
    expect(triangular(market([ab, bc, ac]), { startTokens: [TOKEN_A] })[0]!.route.hops.map((h) => h.tokenOut)).toEqual([TOKEN_C, TOKEN_B, TOKEN_A])
  })
})

describe('multiHop', () => {
  // A = 2 B, B = 3 C, C = 0.5 D, so A = 3 D.
  const pools = [
    v2Pool('0x01', TOKEN_A, TOKEN_B, 1000n * E18, 2000n * E18),
    v2Pool('0x02', TOKEN_B, TOKEN_C, 1000n * E18, 3000n * E18),
    v3Pool('0x03', TOKEN_C, TOKEN_D, -6932, 10n ** 23n),
  ]
  it('finds nothing in a consistent market', () => {
    expect(multiHop(market([...pools, v2Pool('0x04', TOKEN_A, TOKEN_D, 1000n * E18, 3000n * E18)]))).toEqual([])
  })

  it('finds a planted 4-cycle, sized exactly, reported once', () => {
    const found = multiHop(market([...pools, v2Pool('0x04', TOKEN_A, TOKEN_D, 1000n * E18, 2850n * E18)]), { startTokens: [TOKEN_D, TOKEN_A] })
    expect(found).toHaveLength(1)
    expect(found[0]).toMatchObject({ strategy: 'multi-hop', kind: 'cycle-4' })
    expect(found[0]!.route.startToken).toBe(TOKEN_D)
    expectSound(found)
  })

  it('respects maxHops', () => {
    const state = market([...pools, v2Pool('0x04', TOKEN_A, TOKEN_D, 1000n * E18, 2850n * E18)])
    expect(multiHop(state, { maxHops: 3 })).toEqual([])
  })
})

describe('twoStep', () => {
  const uni = v2Pool('0x01', TOKEN_A, TOKEN_B, 1000n * E18, 2_000_000n * E18)
  const sushi = v2Pool('0x02', TOKEN_A, TOKEN_B, 500n * E18, 1_030_000n * E18, 30, 'sushiswap')
  it('caps the input at the inventory of the start token', () => {
    const free = spatial(market([uni, sushi]), { startTokens: [TOKEN_A] })[0]!
    const capped = twoStep(market([uni, sushi]), { inventory: { [TOKEN_A]: free.amountIn / 4n } })
    expect(capped).toHaveLength(1)
    expect(capped[0]!.strategy).toBe('two-step')
    expect(capped[0]!.amountIn <= free.amountIn / 4n).toBe(true)
    expectSound(capped)
  })
  it('trades only tokens it holds', () => {
    expect(twoStep(market([uni, sushi]), { inventory: { [TOKEN_C]: E18, [TOKEN_A]: 0n } })).toEqual([])
    const inB = twoStep(market([uni, sushi]), { inventory: { [TOKEN_B]: 10_000n * E18 } })
    expect(inB.map((o) => o.route.startToken)).toEqual([TOKEN_B])
  })
})

describe('cycle index', () => {
  it('lists each directed cycle once and both directions', () => {
    const pools = [
      v2Pool('0x01', TOKEN_A, TOKEN_B, E18, E18),
      v2Pool('0x02', TOKEN_B, TOKEN_C, E18, E18),
      v2Pool('0x03', TOKEN_A, TOKEN_C, E18, E18),
      v2Pool('0x04', TOKEN_A, TOKEN_B, E18, E18),
    ]
    const index = createCycleIndex(pools, { minHops: 2, maxHops: 3 })
    // 2-cycles: {01,04} in two directions; 3-cycles: A-B-C with 01 or 04, two directions each.
    expect(index.cycleCount).toBe(2 + 4)
    const all = createCycleIndex(pools, { minHops: 3, maxHops: 3, startTokens: [TOKEN_A, TOKEN_B, TOKEN_C] })
    expect(all.cycleCount).toBe(4)
    expect(new Set(all.cycleStartTokens)).toEqual(new Set([TOKEN_A]))
  })
})

/** The three pairs of one three-token weighted pool (equal weights) with balances `balances` (18 decimals). */
function weightedTriple(address: Address, tokens: readonly [Address, Address, Address], balances: readonly [bigint, bigint, bigint]): BalancerWeightedPool[] {
  const pairs: Array<[number, number]> = [[0, 1], [0, 2], [1, 2]]
  const third = E18 / 3n
  return pairs.map(([i, j]) => ({
    kind: 'balancer', address, venue: 'balancer-v2', poolId: `${address}${'0'.repeat(24)}`, vault: '0x00000000000000000000000000000000000000ff',
    token0: tokens[i]!, token1: tokens[j]!, balance0: balances[i]!, balance1: balances[j]!, weight0: third, weight1: third,
    scaling0: E18, scaling1: E18, swapFee: 3n * 10n ** 15n, powShortcuts: true, tokenIndices: [i, j] as const, tokenCount: 3,
  }))
}

describe('cycle index with a Balancer pool of three tokens', () => {
  const triple = weightedTriple('0x00000000000000000000000000000000000000b3', [TOKEN_A, TOKEN_B, TOKEN_C], [1000n * E18, 1000n * E18, 1000n * E18])

  it('trades every ordered pair of the pool (six directed edges) but never two of its pairs in one cycle', () => {
    const pools: Pool[] = [...triple, v2Pool('0x01', TOKEN_A, TOKEN_B, E18, E18), v2Pool('0x02', TOKEN_B, TOKEN_C, E18, E18), v2Pool('0x03', TOKEN_A, TOKEN_C, E18, E18)]
    const index = createCycleIndex(pools, { minHops: 2, maxHops: 3 })
    // 2-cycles: each pair of the pool against its V2 pair, both directions (6). 3-cycles A-B-C: all three V2 pairs
    // or exactly one pair of the pool (4 choices), both directions (8); two or three pairs of the pool would be 8 more.
    expect(index.cycleCount).toBe(6 + 8)
    expect(index.poolKeys.slice(0, 3)).toEqual([`${triple[0]!.address}:0:1`, `${triple[0]!.address}:0:2`, `${triple[0]!.address}:1:2`])
    const edges = new Set<number>()
    for (let c = 0; c < index.cycleCount; c++) {
      const pairsUsed = new Set<number>()
      for (let k = index.cycleOffsets[c]!; k < index.cycleOffsets[c + 1]!; k++) {
        const e = index.cycleEdges[k]!
        if (e >> 1 < 3) pairsUsed.add(e >> 1), edges.add(e)
      }
      expect(pairsUsed.size).toBeLessThanOrEqual(1)
    }
    expect([...edges].sort()).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('finds and sizes exactly a mispricing between one pair of the pool and a V2 pair, in either direction', () => {
    for (const [a, b, k, pair] of [[TOKEN_A, TOKEN_C, 1, '0x11'], [TOKEN_C, TOKEN_B, 2, '0x12']] as const) {
      // The V2 pair prices its first token 5% above the pool: buy it in the pool, sell it in the pair.
      const [t0, t1] = a < b ? [a, b] : [b, a]
      const r0 = a === t0 ? 1000n * E18 : 1050n * E18
      const r1 = a === t0 ? 1050n * E18 : 1000n * E18
      const found = spatial(market([...triple, v2Pool(pair, t0, t1, r0, r1)]), { minProfit: 1n })
      expect(found.length).toBe(1)
      expectSound(found)
      const poolHop = found[0]!.route.hops.find((h) => h.pool.kind === 'balancer')!
      expect(poolHop.pool).toBe(triple[k])
      expect(poolHop.tokenOut).toBe(a)
    }
  })
})

describe('taxed tokens', () => {
  // The taxed token has the lowest address, so it would start every cycle through it by default.
  const TAXED: Address = '0x0000000000000000000000000000000000000001'
  const TAXED_2: Address = '0x0000000000000000000000000000000000000002'
  const taxed = (address: Address, reserveTaxed: bigint, reserveOther: bigint, other: Address = TOKEN_A, taxBps = 500) => ({
    ...v2Pool(address, TAXED, other, reserveTaxed, reserveOther),
    transferTaxBps: [taxBps, 0] as const,
  })

  it('never start a cycle without startTokens: the cycle starts at its untaxed token, and cycles of taxed tokens only are left out', () => {
    const pools: Pool[] = [
      taxed('0x21', 1000n * E18, 1000n * E18),
      taxed('0x22', 1000n * E18, 1000n * E18),
      v2Pool('0x23', TOKEN_A, TOKEN_B, 1000n * E18, 1000n * E18),
      taxed('0x24', 1000n * E18, 1000n * E18, TOKEN_B),
      { ...v2Pool('0x25', TAXED, TAXED_2, E18, E18), transferTaxBps: [500, 300] as const },
      { ...v2Pool('0x26', TAXED, TAXED_2, E18, E18), transferTaxBps: [500, 300] as const },
    ]
    const index = createCycleIndex(pools, { minHops: 2, maxHops: 3 })
    // 2-cycles over 0x21/0x22 (two directions); 3-cycles T-A-B with 0x21 or 0x22 (two directions each). The
    // TAXED/TAXED_2 pairs make 2-cycles of taxed tokens only: none listed.
    expect(index.cycleCount).toBe(2 + 4)
    expect(new Set(index.cycleStartTokens)).toEqual(new Set([TOKEN_A]))
    // Given explicitly, start tokens are the caller's.
    expect(new Set(createCycleIndex(pools, { minHops: 2, maxHops: 2, startTokens: [TAXED] }).cycleStartTokens)).toEqual(new Set([TAXED]))
  })

  it('a gap between two taxed pairs is found from the untaxed token and quoted exactly', () => {
    // TOKEN_A is worth 5% less of the taxed token on 0x31 than on 0x32: more than the 0.3% fees twice and the 1% tax.
    const found = spatial(market([taxed('0x31', 1000n * E18, 1000n * E18, TOKEN_A, 100), taxed('0x32', 1050n * E18, 1000n * E18, TOKEN_A, 100)]))
    expect(found).toHaveLength(1)
    expect(found[0]!.route.startToken).toBe(TOKEN_A)
    expectSound(found)
  })

  it('score a taxed pair\'s reverse direction with its own tax, the same with and without the detection cache', () => {
    for (const taxBps of [[500, 0], [0, 500], [300, 700]] as const) {
      const pool = { ...v2Pool('0x41', TAXED, TOKEN_A, 1000n * E18, 1000n * E18), transferTaxBps: taxBps }
      const rates = poolRates([pool])
      expect([rates[0], rates[1]]).toEqual([logSpotRate(pool, true), logSpotRate(pool, false)])
      // The shortcut 2·ln(1 − fee) − forward would credit the reverse with the forward output's tax.
      expect(rates[1]!).toBeCloseTo(Math.log1p(-0.003) + Math.log1p(-taxBps[0] / 10_000), 12)
    }
    // Untaxed pools keep the shortcut, which equals the direct rate.
    const plain = v2Pool('0x42', TOKEN_A, TOKEN_B, 1000n * E18, 1200n * E18)
    expect(poolRates([plain])[1]!).toBeCloseTo(logSpotRate(plain, false), 12)

    // A taxed pair whose reverse the shortcut would see as 0.5% above the untaxed pair's: no gap in truth.
    const states = [0, 1, 2].map((k) => market([
      { ...v2Pool('0x43', TAXED, TOKEN_A, 1000n * E18, 1000n * E18 + BigInt(k) * E18), transferTaxBps: [0, 100] as const },
      v2Pool('0x44', TAXED, TOKEN_A, 1000n * E18, 1000n * E18),
    ]))
    const cache = createDetectionCache()
    for (const state of states) expect(spatial(state, {}, cache)).toEqual(spatial(state))
    expect(cache.scores!.memberCount).toBe(0)
  })
})

describe('cycle index on a synthetic market', () => {
  it('holds each directed cycle once, at its highest-priority start token', () => {
    const { pools } = createSyntheticMarket({ tokens: 20, pools: 100, seed: 5 })
    const index = createCycleIndex(pools, { minHops: 2, maxHops: 4 })
    expect(index.cycleCount).toBeGreaterThan(1000)
    const keys = new Set<string>()
    for (let c = 0; c < index.cycleCount; c++) {
      const edges = Array.from(index.cycleEdges.subarray(index.cycleOffsets[c]!, index.cycleOffsets[c + 1]!))
      const tokens = edges.map((e) => (e & 1 ? pools[e >> 1]!.token1 : pools[e >> 1]!.token0))
      expect(tokens[0]).toBe(index.cycleStartTokens[c])
      expect([...tokens].sort()[0]).toBe(index.cycleStartTokens[c]) // lowest address first by default
      expect(new Set(tokens).size).toBe(tokens.length)
      const m = edges.indexOf(Math.min(...edges))
      const key = edges.slice(m).concat(edges.slice(0, m)).join(',')
      expect(keys.has(key)).toBe(false)
      keys.add(key)
    }
  })
})

describe('on a synthetic market', () => {
  const base = createSyntheticMarket({ tokens: 30, pools: 100, seed: 7 })
  const hub = base.pools[0]!.token0 < base.pools[0]!.token1 ? base.pools[0]!.token0 : base.pools[0]!.token1

  it('finds nothing while every pool sits at the reference prices', () => {
    for (const name of strategyNames) {
      const config = name === 'two-step' ? { inventory: { [hub]: 10n ** 30n } } : { startTokens: undefined }
      expect(runStrategy(name, base, config as never)).toEqual([])
    }
  })

  it('finds planted mispricings and reports sound, unique opportunities as prices move', () => {
    const random = createRandom(3)
    let state = base
    let found = 0
    for (let block = 0; block < 5; block++) {
      state = perturbMarket(state, random, 0.004)
      for (const name of ['spatial', 'triangular', 'multi-hop'] as const) {
        const opportunities = runStrategy(name, state, { maxHops: 3 })
        expectSound(opportunities)
        found += opportunities.length
      }
    }
    expect(found).toBeGreaterThan(0)
    // A single pool knocked 5% off: spatial sees every sibling pool of that pair.
    const target = base.pools.findIndex((p) => base.pools.some((q) => q !== p && q.token0 === p.token0 && q.token1 === p.token1))
    const planted = { ...base, pools: base.pools.map((p, i) => (i === target ? movePool(p, 1.05) : p)) }
    const hits = spatial(planted)
    expect(hits.length).toBeGreaterThan(0)
    expect(hits.every((o) => o.route.hops.some((h) => h.pool.address === base.pools[target]!.address))).toBe(true)
  })
})

describe('registry', () => {
  it('names every strategy', () => {
    expect(strategyNames).toEqual(['spatial', 'triangular', 'multi-hop', 'two-step'])
  })
})

describe('config addresses', () => {
  it('accepts checksummed addresses in start tokens, caps and inventory', () => {
    const upperA = TOKEN_A.replace('a', 'A') as Address
    const uni = v2Pool('0x01', TOKEN_A, TOKEN_B, 1000n * E18, 2_000_000n * E18)
    const sushi = v2Pool('0x02', TOKEN_A, TOKEN_B, 500n * E18, 1_030_000n * E18, 30, 'sushiswap')
    const found = spatial(market([uni, sushi]), { startTokens: [upperA], maxAmountIn: { [upperA]: E18 } })
    expect(found).toHaveLength(1)
    expect(found[0]!.route.startToken).toBe(TOKEN_A)
    expect(found[0]!.amountIn <= E18).toBe(true)
    expect(twoStep(market([uni, sushi]), { inventory: { [upperA]: E18 } })).toHaveLength(1)
  })
})
