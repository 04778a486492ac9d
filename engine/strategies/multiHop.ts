import { z } from 'zod'
import { defineStrategy } from './defineStrategy.js'
import type { Address, Hop, MarketState, Opportunity } from '../market/types.js'
import type { CycleIndex } from './createCycleIndex.js'
import type { DetectionCache } from './createDetectionCache.js'
import { cycleIndexFor } from './cycleIndexFor.js'
import { evaluateCycles, type MinProfit } from './evaluateCycles.js'

/** Configuration of the multi-hop strategy. */
export type MultiHopConfig = {
  /** Minimum gross profit in start-token base units (default 1: any profit). */
  minProfit?: MinProfit
  /** Longest cycle in hops (default 4). */
  maxHops?: number
  /** Shortest cycle in hops (default 2; set 4 to leave 2- and 3-cycles to spatial and triangular). */
  minHops?: number
  /** Tokens a cycle starts and ends with, by priority. Omitted: every token, which grows fast with maxHops. */
  startTokens?: readonly Address[]
  /** Input cap per start token. */
  maxAmountIn?: Readonly<Record<Address, bigint>>
  /** Spot-gain threshold (log) below which a cycle is not sized (default 1e-9). */
  minLogGain?: number
  /** Most cycles sized per block, best spot gain first (default 256). */
  maxCandidates?: number
  /** Cap on enumerated cycles (default 250,000). */
  maxCycles?: number
  /** A prebuilt cycle index to reuse. */
  cycleIndex?: CycleIndex
}

export const defaultMultiHopConfig = { minProfit: 1n, maxHops: 4, minHops: 2, minLogGain: 1e-9, maxCandidates: 256 } as const satisfies MultiHopConfig

/**
 * Multi-hop arbitrage: cycles of minHops..maxHops hops through a start token, found by a bounded DFS once
 * per pool set (memoized, or `cycleIndex`). Per block, candidates come from sums of fee-inclusive log spot
 * rates (floats, detection only); amounts and profits are exact bigint quotes sized by bracketed search.
 * Each cycle is reported at most once per block. `kind` is 'cycle-<hops>'. A `cache` (`createDetectionCache`)
 * carried from block to block makes a block cost what changed in it; the answer is the same without it.
 */
export function multiHop(state: MarketState, config: MultiHopConfig = {}, cache?: DetectionCache): Opportunity[] {
  const index =
    config.cycleIndex ??
    cycleIndexFor(state.pools, {
      minHops: config.minHops ?? defaultMultiHopConfig.minHops,
      maxHops: config.maxHops ?? defaultMultiHopConfig.maxHops,
      startTokens: config.startTokens,
      maxCycles: config.maxCycles,
    })
  return evaluateCycles(index, state, {
    strategy: 'multi-hop',
    kind: cycleOfHops,
    minProfit: config.minProfit ?? defaultMultiHopConfig.minProfit,
    maxAmountIn: config.maxAmountIn,
    minLogGain: config.minLogGain ?? defaultMultiHopConfig.minLogGain,
    maxCandidates: config.maxCandidates ?? defaultMultiHopConfig.maxCandidates,
  }, cache)
}

const cycleOfHops = (hops: readonly Hop[]): string => `cycle-${hops.length}`

/** The multi-hop strategy in the registry; its own config field is `maxHops`. Cycles of 2 hops and more. */
export const multiHopStrategy = defineStrategy({
  run: multiHop,
  options: {
    /** Longest cycle searched (default 4); triangular is 3, spatial and two-step 2. */
    maxHops: z.number().int().min(2).max(6).optional(),
  },
  configure: ({ startTokens, minProfit, maxAmountIn }, { maxHops }): MultiHopConfig => ({
    startTokens,
    minProfit,
    maxAmountIn,
    maxHops: maxHops ?? defaultMultiHopConfig.maxHops,
    minHops: 2,
  }),
})
