/**
 * `1 − error / base`, the accuracy figure of the summary, the comparison and the gates (e.g. simulation
 * accuracy = 1 − Σ|realized − simulated| / Σ|simulated|); NaN when there is nothing to compare (`base` 0).
 * The ratio of two bigint sums becomes a float here, for display and gate thresholds only.
 */
export function accuracy(error: bigint, base: bigint): number {
  return base === 0n ? Number.NaN : 1 - Number(error) / Number(base)
}

/** `part / whole` as a rate (success rate, exact-match rate); NaN when `whole` is 0. */
export function rate(part: number, whole: number): number {
  return whole > 0 ? part / whole : Number.NaN
}

/**
 * Capture rate: Σ realized / Σ simulated profit over every sent candidate (a reverted trade realized 0), the share of
 * the predicted edge that landed; NaN when nothing simulated was sent. Float for display and gates only.
 */
export function captureRate(captured: bigint, simulated: bigint): number {
  return simulated === 0n ? Number.NaN : Number(captured) / Number(simulated)
}
