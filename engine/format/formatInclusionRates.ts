import type { BuilderInclusion } from '../readModel/readInclusionRates.js'
import { formatPercent } from './formatPercent.js'
import { table } from './table.js'

/** The bundles table of `arb show` and `arb compare`: per builder, bundles sent, taken, landed, inclusion rate, and what non-inclusion cost (wei). */
export function formatInclusionRates(rows: readonly BuilderInclusion[]): string {
  return table(
    ['builder', 'bundles sent', 'accepted', 'landed', 'inclusion rate', 'cost of non-inclusion (wei)'],
    rows.map((r) => [r.builder, r.sent, r.accepted, r.landed, formatPercent(r.inclusionRate), r.notIncludedGasCost.toString()]),
  )
}
