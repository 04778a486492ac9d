/** A rate as display text, `12.3%`; `—` for NaN (nothing to divide). */
export function formatPercent(x: number, digits = 1): string {
  return Number.isNaN(x) ? '—' : `${(x * 100).toFixed(digits)}%`
}
