/** Seconds between Ethereum proof-of-stake slots. */
export const SLOT_SECONDS = 12n

/**
 * Timestamps for every block from `from` to `to`, from those known for some blocks. Since the merge a block
 * time is genesis + 12 s × slot, so between two known blocks A and B a block b gets tA + 12·(b−A): this is
 * certain (`exact`) when (tB − tA) = 12·(B − A), i.e. no slot between them was missed, and an inference
 * (missed slots put just before B) otherwise. Before the first and after the last known block, 12 s steps
 * are extrapolated (`exact` false).
 *
 * @example
 * inferTimestamps(new Map([[10n, 1000n], [13n, 1036n]]), 10n, 13n) // 11 → 1012 (exact), 12 → 1024 (exact)
 */
export function inferTimestamps(known: Map<bigint, bigint>, from: bigint, to: bigint): { number: bigint; timestamp: bigint; exact: boolean }[] {
  const points = [...known.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  if (points.length === 0) throw new Error('inferTimestamps needs at least one known timestamp')
  const out: { number: bigint; timestamp: bigint; exact: boolean }[] = []
  let j = 0 // points[j] is the first known block >= b
  for (let b = from; b <= to; b++) {
    while (j < points.length && points[j]![0] < b) j++
    const next = points[j]
    const prev = j > 0 ? points[j - 1] : undefined
    if (next && next[0] === b) out.push({ number: b, timestamp: next[1], exact: true })
    else if (prev && next) {
      const exact = next[1] - prev[1] === SLOT_SECONDS * (next[0] - prev[0])
      out.push({ number: b, timestamp: prev[1] + SLOT_SECONDS * (b - prev[0]), exact })
    } else if (prev) out.push({ number: b, timestamp: prev[1] + SLOT_SECONDS * (b - prev[0]), exact: false })
    else out.push({ number: b, timestamp: next![1] - SLOT_SECONDS * (next![0] - b), exact: false })
  }
  return out
}
