import { defineStrategy } from './defineStrategy.js'
import type { Address, MarketState, Opportunity } from '../market/types.js'
import type { CycleIndex } from './createCycleIndex.js'
import type { DetectionCache } from './createDetectionCache.js'
import { cycleIndexFor } from './cycleIndexFor.js'
import { evaluateCycles, type MinProfit } from './evaluateCycles.js'

/** Configuration of the triangular strategy. */
export type TriangularConfig = {
  /** Minimum gross profit in start-token base units (default 1: any profit). */
  minProfit?: MinProfit
  /** Tokens a cycle starts and ends with, by priority; omitted: every untaxed token (lowest address first). */
  startTokens?: readonly Address[]
  /** Input cap per start token. */
  maxAmountIn?: Readonly<Record<Address, bigint>>
  /** Spot-gain threshold (log) below which a cycle is not sized (default 1e-9). */
  minLogGain?: number
  /** Most cycles sized per block, best spot gain first (default 256). */
  maxCandidates?: number
  /** A prebuilt 3-hop cycle index (`createCycleIndex(pools, { minHops: 3, maxHops: 3, startTokens })`). */
  cycleIndex?: CycleIndex
}

export const defaultTriangularConfig = { minProfit: 1n, minLogGain: 1e-9, maxCandidates: 256 } as const satisfies TriangularConfig

/**
 * Triangular arbitrage: three-token cycles A -> B -> C -> A over all pools. The cycle list is built once per
 * pool set (memoized, or passed in as `cycleIndex`); per block each cycle's product of fee-inclusive spot
 * rates is a sum of three logs, and only cycles above 1 are sized exactly. Each cycle is reported at most
 * once per block (rotations dropped; both directions are distinct trades). `kind` is 'cycle-3'. A `cache`
 * (`createDetectionCache`) carried from block to block makes a block cost what changed in it.
 */
export function triangular(state: MarketState, config: TriangularConfig = {}, cache?: DetectionCache): Opportunity[] {
  const index = config.cycleIndex ?? cycleIndexFor(state.pools, { minHops: 3, maxHops: 3, startTokens: config.startTokens })
  return evaluateCycles(index, state, {
    strategy: 'triangular',
    kind: cycle3,
    minProfit: config.minProfit ?? defaultTriangularConfig.minProfit,
    maxAmountIn: config.maxAmountIn,
    minLogGain: config.minLogGain ?? defaultTriangularConfig.minLogGain,
    maxCandidates: config.maxCandidates ?? defaultTriangularConfig.maxCandidates,
  }, cache)
}

const cycle3 = (): string => 'cycle-3'

/** The triangular strategy in the registry: start tokens, minimum profit and input caps from the config entry. */
export const triangularStrategy = defineStrategy({
  run: triangular,
  configure: ({ startTokens, minProfit, maxAmountIn }): TriangularConfig => ({ startTokens, minProfit, maxAmountIn }),
})
