import { describe, expect, it } from 'vitest'
import type { FlashLender } from '../market/flashLenders.js'
import type { Address, MarketState, Pool } from '../market/types.js'
import { createCycleIndex } from './createCycleIndex.js'
import { createDetectionCache, type DetectionCache } from './createDetectionCache.js'
import { cyclesByPool } from './cyclesByPool.js'
import { multiHop } from './multiHop.js'
import { runStrategy, strategyNames, type StrategyName } from './registry.js'
import { selectCandidates } from './selectCandidates.js'
import { createRandom, createSyntheticMarket, movePool } from './testing/syntheticMarket.js'
import { triangular } from './triangular.js'

const base = createSyntheticMarket({ tokens: 25, pools: 150, seed: 11 })
const degree = new Map<Address, number>()
for (const p of base.pools) for (const t of [p.token0, p.token1]) degree.set(t, (degree.get(t) ?? 0) + 1)
const hubs = [...degree.entries()].sort((a, b) => b[1] - a[1]).map(([t]) => t)

/** Configs that reach every path: start tokens or none, truncation to a few candidates, caps, inventory. */
const configs: Record<StrategyName, object[]> = {
  spatial: [{}, { startTokens: hubs.slice(0, 2), maxAmountIn: { [hubs[0]!]: 10n ** 18n } }],
  triangular: [{ startTokens: hubs.slice(0, 3) }, { startTokens: hubs.slice(0, 2), maxCandidates: 3 }],
  'multi-hop': [{ startTokens: hubs.slice(0, 1), maxHops: 4 }, { startTokens: hubs.slice(0, 1), minHops: 4, maxHops: 5, maxCandidates: 5 }],
  'two-step': [{ inventory: { [hubs[0]!]: 10n ** 21n, [hubs[1]!]: 10n ** 9n } }],
}

const lenders = (random: () => number): FlashLender[] => [
  { source: 'aave-v3', lender: '0x00000000000000000000000000000000000000a1', available: new Map(hubs.slice(0, 3).map((t) => [t, BigInt(Math.floor(random() * 1e6)) * 10n ** 15n])), feeRate: 5n },
  { source: 'uniswap-v4', lender: '0x00000000000000000000000000000000000000a4', available: new Map([[hubs[0]!, BigInt(Math.floor(random() * 1e6)) * 10n ** 14n]]), feeRate: 0n },
]

/**
 * A random chain of market states: most blocks move a few pools (new objects), some move every pool, some
 * change nothing; some go back to an earlier state (a reorg: the same pool objects again), and some are an
 * earlier state rebuilt with fresh objects (the same numbers, new identities). Lenders change now and then.
 */
function walk(seed: number, blocks: number): MarketState[] {
  const random = createRandom(seed)
  const states: MarketState[] = []
  let state: MarketState = base
  for (let b = 0; b < blocks; b++) {
    const r = random()
    if (r < 0.1 && states.length > 3) state = states[Math.floor(random() * states.length)]!
    else if (r < 0.15 && states.length > 3) {
      const earlier = states[Math.floor(random() * states.length)]!
      state = { ...earlier, pools: earlier.pools.map((p) => ({ ...p })) }
    } else if (r < 0.22) state = { ...state, pools: state.pools.map((p) => movePool(p, Math.exp((random() * 2 - 1) * 0.01))) }
    else if (r < 0.27) state = { ...state }
    else {
      const pools = [...state.pools]
      const moves = 1 + Math.floor(random() * 6)
      for (let k = 0; k < moves; k++) {
        const i = Math.floor(random() * pools.length)
        pools[i] = movePool(pools[i]!, Math.exp((random() * 2 - 1) * 0.02))
      }
      state = { ...state, pools }
    }
    state = { ...state, blockNumber: 1000n + BigInt(b), ...(random() < 0.3 ? { lenders: lenders(random) } : {}) }
    states.push(state)
  }
  return states
}

describe('detection cache', () => {
  it('gives every strategy the same opportunities as a full evaluation, block after block', () => {
    for (const name of strategyNames) {
      for (const [i, config] of configs[name].entries()) {
        const cache = createDetectionCache()
        let found = 0
        let incremental = 0
        for (const state of walk(100 + i, 80)) {
          const before = cache.scores
          const cached = runStrategy(name, state, config as never, cache)
          expect(cached, `${name} #${i} block ${state.blockNumber}`).toEqual(runStrategy(name, state, config as never))
          found += cached.length
          // The same scores object, brought up to date in place (a new one is a full scoring).
          if (before && cache.scores === before) incremental++
        }
        // Not vacuous: opportunities were found, and blocks were scored by the incremental path.
        expect(found, `${name} #${i}`).toBeGreaterThan(0)
        expect(incremental, `${name} #${i}`).toBeGreaterThan(20)
      }
    }
  })

  it('drops the cycles of pools missing from the state, and brings them back', () => {
    const index = createCycleIndex(base.pools, { minHops: 3, maxHops: 3, startTokens: hubs.slice(0, 2) })
    const cache = createDetectionCache()
    const random = createRandom(5)
    let pools: Pool[] = base.pools
    for (let b = 0; b < 40; b++) {
      pools = pools.map((p) => (random() < 0.05 ? movePool(p, Math.exp((random() * 2 - 1) * 0.02)) : p))
      // Some blocks lack a few pools (and the order changes), as a state read from a smaller pool list would.
      const present = random() < 0.4 ? pools.filter(() => random() > 0.1).reverse() : pools
      const state = { ...base, blockNumber: BigInt(b), pools: present }
      expect(triangular(state, { cycleIndex: index }, cache)).toEqual(triangular(state, { cycleIndex: index }))
    }
  })

  it('starts over when the pool set (so the cycle index) or the threshold changes', () => {
    const cache = createDetectionCache()
    const random = createRandom(8)
    let pools: Pool[] = base.pools.map((p) => movePool(p, Math.exp((random() * 2 - 1) * 0.02)))
    for (let b = 0; b < 12; b++) {
      if (b % 4 === 3) pools = pools.slice(1) // a pool leaves the universe
      pools = pools.map((p) => (random() < 0.1 ? movePool(p, Math.exp((random() * 2 - 1) * 0.02)) : p))
      const state = { ...base, pools }
      const config = { startTokens: hubs.slice(0, 1), maxHops: 4, minLogGain: b % 2 === 0 ? 1e-9 : 1e-3 }
      expect(multiHop(state, config, cache)).toEqual(multiHop(state, config))
    }
  })

  it('re-sizes a cached candidate when its input cap changes', () => {
    const cache: DetectionCache = createDetectionCache()
    const random = createRandom(2)
    const state = { ...base, pools: base.pools.map((p) => movePool(p, Math.exp((random() * 2 - 1) * 0.02))) }
    for (const held of [10n ** 21n, 10n ** 17n, 10n ** 15n, 10n ** 21n]) {
      const config = { inventory: { [hubs[0]!]: held } }
      expect(runStrategy('two-step', state, config, cache)).toEqual(runStrategy('two-step', state, config))
    }
  })
})

describe('selectCandidates', () => {
  it('takes the best gains, ties by ascending cycle, whatever the input order', () => {
    const random = createRandom(4)
    for (let round = 0; round < 200; round++) {
      const count = Math.floor(random() * 40)
      const max = Math.floor(random() * 12)
      // Few distinct gains, so ties are common.
      const entries = Array.from({ length: count }, (_, c) => ({ cycle: c * 3, gain: Math.floor(random() * 6) / 4 }))
      const expected = entries.length <= max ? entries.map((e) => e.cycle) : [...entries].sort((a, b) => b.gain - a.gain).slice(0, max).map((e) => e.cycle)
      const shuffled = [...entries].sort(() => random() - 0.5)
      const got = selectCandidates(shuffled.map((e) => e.cycle), shuffled.map((e) => e.gain), count, max)
      expect(Array.from(got)).toEqual(expected)
    }
  })
})

describe('cyclesByPool', () => {
  it('lists each cycle, with its edges, under each of its pools once, ascending', () => {
    const index = createCycleIndex(base.pools, { minHops: 2, maxHops: 4, startTokens: hubs.slice(0, 2) })
    const { offsets, records } = cyclesByPool(index)
    expect(offsets.length).toBe(base.pools.length + 1)
    const edgesOf = (c: number) => Array.from(index.cycleEdges.subarray(index.cycleOffsets[c]!, index.cycleOffsets[c + 1]!))
    for (let p = 0; p < base.pools.length; p++) {
      const listed: Array<[number, number[]]> = []
      for (let k = offsets[p]!; k < offsets[p + 1]!; k += 2 + records[k + 1]!) listed.push([records[k]!, Array.from(records.subarray(k + 2, k + 2 + records[k + 1]!))])
      const through: Array<[number, number[]]> = []
      for (let c = 0; c < index.cycleCount; c++) if (edgesOf(c).some((e) => e >> 1 === p)) through.push([c, edgesOf(c)])
      expect(listed).toEqual(through)
    }
  })
})
