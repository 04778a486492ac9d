import { defineStrategy } from './defineStrategy.js'
import type { Address, MarketState, Opportunity } from '../market/types.js'
import type { CycleIndex } from './createCycleIndex.js'
import type { DetectionCache } from './createDetectionCache.js'
import { cycleIndexFor } from './cycleIndexFor.js'
import { evaluateCycles, type MinProfit, poolKinds } from './evaluateCycles.js'

/** Configuration of the spatial strategy. */
export type SpatialConfig = {
  /** Minimum gross profit in start-token base units (default 1: any profit). */
  minProfit?: MinProfit
  /** Tokens to hold and measure profit in, by priority; omitted: every token (the pair's lower address, an untaxed one first). */
  startTokens?: readonly Address[]
  /** Input cap per start token. */
  maxAmountIn?: Readonly<Record<Address, bigint>>
  /** Spot-gain threshold (log) below which a pool pair is not sized (default 1e-9). */
  minLogGain?: number
  /** A prebuilt 2-hop cycle index to reuse; otherwise one is built and memoized per pool set. */
  cycleIndex?: CycleIndex
}

export const defaultSpatialConfig = { minProfit: 1n, minLogGain: 1e-9 } as const satisfies SpatialConfig

/**
 * Spatial arbitrage: the same token pair on two pools (V2 <-> V2 across venues, V2 <-> V3, V3 fee tier <->
 * fee tier). Every pair of pools sharing both tokens is checked in both directions on fee-inclusive spot
 * rates; gaps that survive fees are sized exactly (closed form for two V2 pairs) and emitted when the gross
 * profit reaches `minProfit`. `kind` is the pool kinds, e.g. 'v2-v3'. A `cache` (`createDetectionCache`) carried
 * from block to block makes a block cost what changed in it; the answer is the same without it.
 *
 * @example
 * const opportunities = spatial(state, { startTokens: [weth], minProfit: 10n ** 15n })
 */
export function spatial(state: MarketState, config: SpatialConfig = {}, cache?: DetectionCache): Opportunity[] {
  const index = config.cycleIndex ?? cycleIndexFor(state.pools, { minHops: 2, maxHops: 2, startTokens: config.startTokens })
  return evaluateCycles(index, state, {
    strategy: 'spatial',
    kind: poolKinds,
    minProfit: config.minProfit ?? defaultSpatialConfig.minProfit,
    maxAmountIn: config.maxAmountIn,
    minLogGain: config.minLogGain ?? defaultSpatialConfig.minLogGain,
  }, cache)
}

/** The spatial strategy in the registry: start tokens, minimum profit and input caps from the config entry. */
export const spatialStrategy = defineStrategy({
  run: spatial,
  configure: ({ startTokens, minProfit, maxAmountIn }): SpatialConfig => ({ startTokens, minProfit, maxAmountIn }),
})
