import { describe, expect, it } from 'vitest'
import type { Address, MarketState } from '../market/types.js'
import { createDetectionCache } from '../strategies/createDetectionCache.js'
import { createRandom, createSyntheticMarket, movePool } from '../strategies/testing/syntheticMarket.js'
import { detect } from './detect.js'
import type { ResolvedStrategy } from './resolveStrategies.js'

describe('detect', () => {
  it('finds the same opportunities, in the same order, with the run’s detection caches as without', () => {
    const base = createSyntheticMarket({ tokens: 20, pools: 120, seed: 3 })
    const hub = base.pools[0]!.token0 as Address
    const strategies: ResolvedStrategy[] = [
      { name: 'spatial', config: { startTokens: [hub] } },
      { name: 'triangular', config: { startTokens: [hub] } },
      { name: 'multi-hop', config: { startTokens: [hub], maxHops: 4 } },
      { name: 'two-step', config: { inventory: { [hub]: 10n ** 20n } } },
    ]
    const caches = strategies.map(() => createDetectionCache())
    const random = createRandom(6)
    let state: MarketState = base
    let found = 0
    for (let block = 0; block < 40; block++) {
      state = { ...state, blockNumber: BigInt(block), pools: state.pools.map((p) => (random() < 0.08 ? movePool(p, Math.exp((random() * 2 - 1) * 0.01)) : p)) }
      const withCaches = detect(state, strategies, performance.now(), 50, caches).map((d) => d.opportunity)
      expect(withCaches).toEqual(detect(state, strategies, performance.now(), 50).map((d) => d.opportunity))
      found += withCaches.length
    }
    expect(found).toBeGreaterThan(0)
  })
})
