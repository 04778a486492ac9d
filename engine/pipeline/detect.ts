import { poolKey } from '../market/poolKey.js'
import type { MarketState, Opportunity } from '../market/types.js'
import type { DetectionCache } from '../strategies/createDetectionCache.js'
import { runStrategy } from '../strategies/registry.js'
import type { ResolvedStrategy } from './resolveStrategies.js'

export type Detected = { opportunity: Opportunity; detectLatencyUs: number }

/**
 * Key of a route: start token and the pools in order (by `poolKey`: each token pair of a many-token Balancer pool
 * apart); the same cycle found by two strategies is one trade.
 */
export function routeKey(o: Opportunity): string {
  return `${o.route.startToken}:${o.route.hops.map((h) => `${poolKey(h.pool)}${h.zeroForOne ? '+' : '-'}`).join('')}`
}

/**
 * Runs every strategy on one block's state and returns its opportunities, the first strategy in config order
 * keeping a route found by several, best expected profit first within a strategy, at most `max` in all.
 * `detectLatencyUs` is the time from `since` (the moment the block's state was ready) to the strategy's answer.
 * `caches[i]`, when given, is strategy i's detection cache for the run (see `createDetectionCache`).
 */
export function detect(state: MarketState, strategies: readonly ResolvedStrategy[], since: number, max: number, caches?: readonly DetectionCache[]): Detected[] {
  const seen = new Set<string>()
  const out: Detected[] = []
  for (const [i, s] of strategies.entries()) {
    const found = runStrategy(s.name, state, s.config as never, caches?.[i])
    const detectLatencyUs = (performance.now() - since) * 1_000
    found.sort((a, b) => (b.expectedProfit > a.expectedProfit ? 1 : b.expectedProfit < a.expectedProfit ? -1 : 0))
    for (const o of found) {
      const key = routeKey(o)
      if (seen.has(key)) continue
      seen.add(key)
      out.push({ opportunity: o, detectLatencyUs })
    }
  }
  return out.slice(0, max)
}
