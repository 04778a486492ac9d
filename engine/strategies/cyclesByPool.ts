import type { CycleIndex } from './createCycleIndex.js'

/** The cycles of a `CycleIndex` through each of its pools: `cycles[offsets[p]..offsets[p + 1]]`, ascending. */
export type CyclesByPool = { offsets: Int32Array; cycles: Int32Array }

/**
 * Inverts a cycle index: for each pool (in `index.poolAddresses` order), the cycles that trade through it.
 * A cycle lists a pool at most once (cycles are simple), so each cycle appears once per pool it uses.
 * Built once per index; per block it turns the pools that changed into the cycles to re-score.
 *
 * @example
 * const { offsets, cycles } = cyclesByPool(index)
 * for (let k = offsets[p]!; k < offsets[p + 1]!; k++) rescore(cycles[k]!)
 */
export function cyclesByPool(index: CycleIndex): CyclesByPool {
  const { cycleOffsets, cycleEdges, cycleCount } = index
  const poolCount = index.poolAddresses.length
  const offsets = new Int32Array(poolCount + 1)
  const edgeCount = cycleOffsets[cycleCount]!
  for (let k = 0; k < edgeCount; k++) offsets[(cycleEdges[k]! >> 1) + 1]!++
  for (let p = 0; p < poolCount; p++) offsets[p + 1]! += offsets[p]!
  const cycles = new Int32Array(edgeCount)
  const fill = offsets.slice(0, poolCount)
  for (let c = 0; c < cycleCount; c++) {
    for (let k = cycleOffsets[c]!; k < cycleOffsets[c + 1]!; k++) cycles[fill[cycleEdges[k]! >> 1]!++] = c
  }
  return { offsets, cycles }
}
