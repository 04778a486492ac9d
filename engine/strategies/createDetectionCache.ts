import type { Hop, Route } from '../market/types.js'
import type { SizedTrade } from '../math/sizing/types.js'
import type { CycleIndex } from './createCycleIndex.js'
import type { CycleScores } from './updateCycleScores.js'

/** A candidate cycle sized on some block, reusable while each of its hops' pools is the same object. */
export type SizedCycle = {
  hops: Hop[]
  route: Route
  kind: string
  cap: bigint | undefined
  trade: SizedTrade | null
  /** The last evaluation that selected the cycle (entries not selected in the latest one are dropped). */
  pass: number
}

/**
 * What one strategy keeps between the blocks of a run so that a block costs what changed in it: the spot
 * scores of its cycles (`CycleScores`) and the candidates it sized. Strategies stay pure functions of
 * (state, config): given a cache they return exactly what they return without one, only faster. A cache
 * belongs to one strategy entry of one run (the engine makes one per resolved strategy); it is plain data
 * passed in, never module state, and it is keyed on pool objects, not block numbers, so reorgs and states
 * out of order need no special handling.
 *
 * @example
 * const cache = createDetectionCache()
 * for (const state of states) opportunities.push(...spatial(state, config, cache))
 */
export type DetectionCache = {
  scores: CycleScores | undefined
  /** Sized candidates of the last block, by cycle of `index`; `kind` is the function that named them. Updated in place. */
  sized: { index: CycleIndex; kind: (hops: readonly Hop[]) => string; byCycle: Map<number, SizedCycle>; pass: number } | undefined
}

/** An empty detection cache for one strategy of one run. */
export function createDetectionCache(): DetectionCache {
  return { scores: undefined, sized: undefined }
}
