import type { CycleIndex } from './createCycleIndex.js'

/**
 * The cycles of a `CycleIndex` through each of its pools, with their edges inline: pool p's records are
 * `records[offsets[p]..offsets[p + 1])`, each `[cycle, hops, edge_0, ..., edge_{hops-1}]` (edges in the cycle's
 * order), cycles ascending.
 */
export type CyclesByPool = { offsets: Int32Array; records: Int32Array }

/**
 * Inverts a cycle index: for each pool (in `index.poolKeys` order), the cycles that trade through it. A
 * cycle lists a pool at most once (cycles are simple), so each cycle appears once per pool it uses. The edges
 * are copied next to the cycle so that re-scoring a changed pool's cycles reads memory in order instead of
 * jumping through the index (hops + 2 integers per cycle and pool). Built once per index.
 *
 * @example
 * const { offsets, records } = cyclesByPool(index)
 * for (let k = offsets[p]!; k < offsets[p + 1]!; k += 2 + records[k + 1]!) rescore(records[k]!)
 */
export function cyclesByPool(index: CycleIndex): CyclesByPool {
  const { cycleOffsets, cycleEdges, cycleCount } = index
  const poolCount = index.poolKeys.length
  const offsets = new Int32Array(poolCount + 1)
  for (let c = 0; c < cycleCount; c++) {
    const hops = cycleOffsets[c + 1]! - cycleOffsets[c]!
    for (let k = cycleOffsets[c]!; k < cycleOffsets[c + 1]!; k++) offsets[(cycleEdges[k]! >> 1) + 1]! += 2 + hops
  }
  for (let p = 0; p < poolCount; p++) offsets[p + 1]! += offsets[p]!
  const records = new Int32Array(offsets[poolCount]!)
  const fill = offsets.slice(0, poolCount)
  for (let c = 0; c < cycleCount; c++) {
    const first = cycleOffsets[c]!
    const hops = cycleOffsets[c + 1]! - first
    for (let k = first; k < first + hops; k++) {
      let at = fill[cycleEdges[k]! >> 1]!
      records[at++] = c
      records[at++] = hops
      for (let j = 0; j < hops; j++) records[at++] = cycleEdges[first + j]!
      fill[cycleEdges[k]! >> 1] = at
    }
  }
  return { offsets, records }
}
