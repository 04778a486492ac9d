import { poolKey } from '../market/poolKey.js'
import type { Pool } from '../market/types.js'
import type { CycleIndex } from './createCycleIndex.js'
import { cyclesByPool, type CyclesByPool } from './cyclesByPool.js'
import { setPoolRates, sharedPoolRates } from './poolRates.js'
import { resolvePools } from './resolvePools.js'
import { scoreCycles } from './scoreCycles.js'

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
  /** 1 for a candidate cycle. */
  member: Uint8Array
  /** Candidate cycles in no particular order: `members[0..memberCount)`; `position[c]` is c's slot there. */
  members: Int32Array
  memberCount: number
  position: Int32Array
  /** Pool -> cycles, built the first time pools change. */
  byPool: CyclesByPool | undefined
  /** Per pool, 1 while an update runs when the pool changed in it. */
  changed: Uint8Array
}

/**
 * Brings `previous` (the scores of an earlier block, or undefined) to `statePools` and returns them (updated in
 * place when the index and threshold are the same, new otherwise). Change is pool object identity, which is
 * state identity: the market reader keeps a pool's object while its state is unchanged, and any other object
 * counts as changed. Only the cycles through changed pools are re-scored, so a block costs what changed in it,
 * not the universe; when the changed pools reach half the cycles, one linear pass re-scores all of them
 * instead. Block numbers play no part, so reorgs and blocks out of order update correctly. The candidates and
 * their gains equal `scoreCycles` on the same pools.
 */
export function updateCycleScores(previous: CycleScores | undefined, index: CycleIndex, statePools: readonly Pool[], minLogGain: number): CycleScores {
  if (!previous || previous.index !== index || previous.minLogGain !== minLogGain) return scoreFresh(index, resolvePools(index, statePools), minLogGain)
  const scores = previous
  const { changed, pools } = changedPools(scores, index, statePools)
  if (changed.length === 0) return scores
  // Every rate first: a cycle through two changed pools must see both new rates. When most pools changed and
  // the state lists them in index order, the block's rate array shared by every strategy is copied instead.
  if (changed.length > pools.length / 4 && pools === statePools) {
    scores.rates.set(sharedPoolRates(statePools))
    for (const i of changed) scores.pools[i] = pools[i]
  } else {
    for (const i of changed) {
      scores.pools[i] = pools[i]
      setPoolRates(scores.rates, i, pools[i])
    }
  }
  const byPool = (scores.byPool ??= cyclesByPool(index))
  const { offsets, records } = byPool
  let work = 0
  for (const i of changed) work += offsets[i + 1]! - offsets[i]!
  // A record is about hops + 2 integers; past half the cycles, a linear pass is cheaper than jumping around.
  if (work > (index.cycleCount * (index.maxHops + 2)) / 2) {
    rescoreAll(scores)
    return scores
  }
  const flags = scores.changed
  const rates = scores.rates
  for (const i of changed) flags[i] = 1
  for (const i of changed) {
    const end = offsets[i + 1]!
    for (let k = offsets[i]!; k < end; ) {
      const c = records[k]!
      const hops = records[k + 1]!
      const e0 = records[k + 2]!
      // A cycle through several changed pools is re-scored at the first of them (lowest index) only.
      let earlier = e0 >> 1 < i && flags[e0 >> 1] === 1
      let gain = rates[e0]!
      for (let j = 3; j < hops + 2; j++) {
        const e = records[k + j]!
        if (e >> 1 < i && flags[e >> 1] === 1) earlier = true
        gain += rates[e]!
      }
      k += hops + 2
      if (!earlier) setGain(scores, c, gain)
    }
  }
  for (const i of changed) flags[i] = 0
  return scores
}

/**
 * Indices (ascending) of the pools whose object differs from the scored one, with the state's pools in index
 * order. Only changed pools are dereferenced (an unchanged object has the indexed key), so a block of a
 * large universe costs one pointer comparison per pool.
 */
function changedPools(scores: CycleScores, index: CycleIndex, statePools: readonly Pool[]): { changed: number[]; pools: ReadonlyArray<Pool | undefined> } {
  const keys = index.poolKeys
  const scored = scores.pools
  if (statePools.length === keys.length) {
    const changed: number[] = []
    let inOrder = true
    for (let i = 0; i < statePools.length; i++) {
      const pool = statePools[i]!
      if (pool === scored[i]) continue
      if (poolKey(pool) !== keys[i]) {
        inOrder = false
        break
      }
      changed.push(i)
    }
    if (inOrder) return { changed, pools: statePools }
  }
  const pools = resolvePools(index, statePools)
  const changed: number[] = []
  for (let i = 0; i < pools.length; i++) if (pools[i] !== scored[i]) changed.push(i)
  return { changed, pools }
}

function scoreFresh(index: CycleIndex, pools: ReadonlyArray<Pool | undefined>, minLogGain: number): CycleScores {
  const poolCount = index.poolKeys.length
  const rates = new Float64Array(poolCount * 2)
  for (let i = 0; i < poolCount; i++) setPoolRates(rates, i, pools[i])
  const scores: CycleScores = {
    index,
    minLogGain,
    pools: Array.from(pools),
    rates,
    gains: new Float64Array(index.cycleCount),
    member: new Uint8Array(index.cycleCount),
    members: new Int32Array(index.cycleCount),
    memberCount: 0,
    position: new Int32Array(index.cycleCount),
    byPool: undefined,
    changed: new Uint8Array(poolCount),
  }
  rescoreAll(scores)
  return scores
}

/** Re-scores every cycle in one pass over the index. */
function rescoreAll(scores: CycleScores): void {
  for (let m = 0; m < scores.memberCount; m++) scores.member[scores.members[m]!] = 0
  scores.memberCount = 0
  const { cycles, gains } = scoreCycles(scores.index, scores.rates, scores.minLogGain)
  for (let i = 0; i < cycles.length; i++) setGain(scores, cycles[i]!, gains[i]!)
}

/** Records a cycle's new gain and moves it into or out of the candidates. */
function setGain(scores: CycleScores, c: number, gain: number): void {
  if (gain > scores.minLogGain) {
    scores.gains[c] = gain
    if (scores.member[c] === 0) {
      scores.member[c] = 1
      scores.position[c] = scores.memberCount
      scores.members[scores.memberCount++] = c
    }
  } else if (scores.member[c] === 1) {
    // Swap-remove: the last candidate takes the freed slot.
    const slot = scores.position[c]!
    const last = scores.members[--scores.memberCount]!
    scores.members[slot] = last
    scores.position[last] = slot
    scores.member[c] = 0
  }
}
