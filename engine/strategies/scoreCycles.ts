import type { CycleIndex } from './createCycleIndex.js'

/** Cycles whose spot gain passed the threshold, ascending, with their gains (parallel arrays). */
export type ScoredCycles = { cycles: number[]; gains: number[] }

/**
 * Every cycle of `index` whose summed log rate (`rates` by edge, see `poolRates`) exceeds `minLogGain`: one
 * fixed-stride loop per cycle length. A cycle's gain is its edges' rates added left to right, the same sum
 * `cycleGain` gives, so a full and an incremental scoring agree to the bit.
 */
export function scoreCycles(index: CycleIndex, rates: Float64Array, minLogGain: number): ScoredCycles {
  const { cycleOffsets, cycleEdges } = index
  const cycles: number[] = []
  const gains: number[] = []
  for (const { first, count, hops } of index.segments) {
    const end = first + count
    let k = cycleOffsets[first]!
    if (hops === 2) {
      for (let c = first; c < end; c++, k += 2) {
        const gain = rates[cycleEdges[k]!]! + rates[cycleEdges[k + 1]!]!
        if (gain > minLogGain) cycles.push(c), gains.push(gain)
      }
    } else if (hops === 3) {
      for (let c = first; c < end; c++, k += 3) {
        const gain = rates[cycleEdges[k]!]! + rates[cycleEdges[k + 1]!]! + rates[cycleEdges[k + 2]!]!
        if (gain > minLogGain) cycles.push(c), gains.push(gain)
      }
    } else if (hops === 4) {
      for (let c = first; c < end; c++, k += 4) {
        const gain = rates[cycleEdges[k]!]! + rates[cycleEdges[k + 1]!]! + rates[cycleEdges[k + 2]!]! + rates[cycleEdges[k + 3]!]!
        if (gain > minLogGain) cycles.push(c), gains.push(gain)
      }
    } else {
      for (let c = first; c < end; c++, k += hops) {
        const gain = cycleGain(index, rates, c)
        if (gain > minLogGain) cycles.push(c), gains.push(gain)
      }
    }
  }
  return { cycles, gains }
}

/** One cycle's summed log rate, its edges added left to right. */
export function cycleGain(index: CycleIndex, rates: Float64Array, cycle: number): number {
  const { cycleOffsets, cycleEdges } = index
  const end = cycleOffsets[cycle + 1]!
  let k = cycleOffsets[cycle]!
  let gain = rates[cycleEdges[k++]!]!
  while (k < end) gain += rates[cycleEdges[k++]!]!
  return gain
}
