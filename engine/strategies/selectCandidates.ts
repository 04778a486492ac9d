/**
 * The cycles to size this block, in the order they are sized and reported: all of them by ascending cycle when
 * there are at most `max`, otherwise the `max` best by spot gain, ties by ascending cycle. `cycles[i]` has gain
 * `gains[i]` for i < count, in any order; the answer depends only on the set, so a full scoring (cycles
 * ascending) and an incremental one (cycles in the order they became candidates) select the same list.
 */
export function selectCandidates(cycles: ArrayLike<number>, gains: ArrayLike<number>, count: number, max: number): Int32Array {
  if (count <= max) {
    const all = new Int32Array(count)
    for (let i = 0; i < count; i++) all[i] = cycles[i]!
    return all.sort()
  }
  if (!(max >= 1)) return new Int32Array(0)
  // The max-th best gain: everything above it is in, and ties at it fill the rest by ascending cycle.
  const sorted = new Float64Array(count)
  for (let i = 0; i < count; i++) sorted[i] = gains[i]!
  sorted.sort()
  const kth = sorted[count - max]!
  const chosen: Array<{ cycle: number; gain: number }> = []
  const ties: number[] = []
  for (let i = 0; i < count; i++) {
    const gain = gains[i]!
    if (gain > kth) chosen.push({ cycle: cycles[i]!, gain })
    else if (gain === kth) ties.push(cycles[i]!)
  }
  ties.sort((a, b) => a - b)
  for (let i = 0; chosen.length < max && i < ties.length; i++) chosen.push({ cycle: ties[i]!, gain: kth })
  chosen.sort((a, b) => (b.gain > a.gain ? 1 : b.gain < a.gain ? -1 : a.cycle - b.cycle))
  return Int32Array.from(chosen, (c) => c.cycle)
}
