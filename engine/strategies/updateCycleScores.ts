import type { Pool } from '../market/types.js'
import type { CycleIndex } from './createCycleIndex.js'
import { cyclesByPool, type CyclesByPool } from './cyclesByPool.js'
import { setPoolRates } from './poolRates.js'
import { cycleGain, scoreCycles } from './scoreCycles.js'

/**
 * The spot scores of one cycle index on one market state, kept between blocks by a `DetectionCache`: the pool
 * objects scored, their edge rates, and the cycles above the gain threshold (the candidates) with their gains.
 */
export type CycleScores = {
  index: CycleIndex
  minLogGain: number
  /** The pool objects these scores are for, in index order (undefined: missing from the state). */
  pools: Array<Pool | undefined>
  /** Log spot rate by edge (see `poolRates`). */
  rates: Float64Array
  /** Gain of each candidate cycle (entries of other cycles are stale). */
  gains: Float64Array
  /** Candidate cycles in no particular order: `members[0..memberCount)`. */
  members: Int32Array
  memberCount: number
  /** Slot of each cycle in `members`, -1 when it is not a candidate. */
  position: Int32Array
  /** Pool -> cycles, built the first time pools change. */
  byPool: CyclesByPool | undefined
  /** Per cycle, the last update that re-scored it (a cycle through two changed pools is scored once). */
  mark: Int32Array | undefined
  update: number
}

/**
 * Brings `previous` (the scores of an earlier block, or undefined) to `pools`, the state's pools in index
 * order, and returns them (updated in place when the index and threshold are the same, new otherwise).
 * Change is pool object identity, which is state identity: the market reader keeps a pool's object while
 * its state is unchanged, and any other object counts as changed. Only the cycles through changed pools are
 * re-scored, so a block costs what changed in it, not the universe; when the changed pools reach half the
 * cycles, one linear pass re-scores all of them instead. Block numbers play no part, so reorgs and blocks
 * out of order update correctly. The candidates and their gains equal `scoreCycles` on the same pools.
 */
export function updateCycleScores(previous: CycleScores | undefined, index: CycleIndex, pools: ReadonlyArray<Pool | undefined>, minLogGain: number): CycleScores {
  if (!previous || previous.index !== index || previous.minLogGain !== minLogGain || previous.pools.length !== pools.length) {
    const poolCount = index.poolAddresses.length
    const rates = new Float64Array(poolCount * 2)
    for (let i = 0; i < poolCount; i++) setPoolRates(rates, i, pools[i])
    const scores: CycleScores = {
      index,
      minLogGain,
      pools: Array.from(pools),
      rates,
      gains: new Float64Array(index.cycleCount),
      members: new Int32Array(index.cycleCount),
      memberCount: 0,
      position: new Int32Array(index.cycleCount).fill(-1),
      byPool: undefined,
      mark: undefined,
      update: 0,
    }
    rescoreAll(scores)
    return scores
  }

  const scores = previous
  const changed: number[] = []
  for (let i = 0; i < pools.length; i++) if (pools[i] !== scores.pools[i]) changed.push(i)
  if (changed.length === 0) return scores
  // Every rate first: a cycle through two changed pools must see both new rates.
  for (const i of changed) {
    scores.pools[i] = pools[i]
    setPoolRates(scores.rates, i, pools[i])
  }
  const byPool = (scores.byPool ??= cyclesByPool(index))
  let work = 0
  for (const i of changed) work += byPool.offsets[i + 1]! - byPool.offsets[i]!
  if (work > index.cycleCount / 2) {
    rescoreAll(scores)
    return scores
  }
  const mark = (scores.mark ??= new Int32Array(index.cycleCount))
  const update = ++scores.update
  const { offsets, cycles } = byPool
  for (const i of changed) {
    for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
      const c = cycles[k]!
      if (mark[c] === update) continue
      mark[c] = update
      setGain(scores, c, cycleGain(index, scores.rates, c))
    }
  }
  return scores
}

/** Re-scores every cycle in one pass over the index. */
function rescoreAll(scores: CycleScores): void {
  for (let m = 0; m < scores.memberCount; m++) scores.position[scores.members[m]!] = -1
  scores.memberCount = 0
  const { cycles, gains } = scoreCycles(scores.index, scores.rates, scores.minLogGain)
  for (let i = 0; i < cycles.length; i++) setGain(scores, cycles[i]!, gains[i]!)
}

/** Records a cycle's new gain and moves it into or out of the candidates. */
function setGain(scores: CycleScores, c: number, gain: number): void {
  const slot = scores.position[c]!
  if (gain > scores.minLogGain) {
    scores.gains[c] = gain
    if (slot < 0) {
      scores.position[c] = scores.memberCount
      scores.members[scores.memberCount++] = c
    }
  } else if (slot >= 0) {
    // Swap-remove: the last candidate takes the freed slot.
    const last = scores.members[--scores.memberCount]!
    scores.members[slot] = last
    scores.position[last] = slot
    scores.position[c] = -1
  }
}
