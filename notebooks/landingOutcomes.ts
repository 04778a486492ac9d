import * as Plot from '@observablehq/plot'
import { captureRate } from '../engine/readModel/accuracy.js'
import { readStrategyTotals } from '../engine/readModel/readStrategyTotals.js'
import type { Notebook } from './Notebook.js'

type Row = { strategy: string; outcome: 'won' | 'shrunk' | 'reverted' | 'outbid'; trades: number; capture: number }

const OUTCOMES = ['won', 'shrunk', 'reverted', 'outbid'] as const

/** How sent trades fared where they landed, per strategy, with the capture rate. */
export const landingOutcomes: Notebook<Row> = {
  id: 'landing-outcomes',
  title: 'Where trades landed: outcomes and capture rate',
  description:
    'Sent trades per outcome where the inclusion model placed them: won (realized what was simulated), shrunk (completed for less), reverted, outbid (a rival touched its pools first). The label gives the capture rate: Σ realized / Σ simulated profit over sent trades.',
  async query(store, runId) {
    return (await readStrategyTotals(store, runId)).flatMap((t) =>
      OUTCOMES.map((outcome) => ({ strategy: t.strategy, outcome, trades: t[outcome], capture: captureRate(t.captured, t.simulatedSent) })),
    )
  },
  plot(rows, { document, compare, width }) {
    const data = rows
      .filter((r) => r.trades > 0)
      .map((r) => ({ ...r, label: `${compare ? `${r.run} · ` : ''}${r.strategy} (capture ${Number.isNaN(r.capture) ? '—' : `${(r.capture * 100).toFixed(1)}%`})` }))
    if (data.length === 0) return null
    const labels = [...new Set(data.map((d) => d.label))]
    return Plot.plot({
      document,
      width,
      height: 70 + 28 * labels.length,
      marginLeft: Math.min(360, 8 + 7 * Math.max(...labels.map((l) => l.length))),
      x: { label: 'sent trades', grid: true },
      y: { label: null, domain: labels },
      color: { legend: true, domain: [...OUTCOMES], range: ['#2e7d32', '#f9a825', '#9e9e9e', '#c62828'] },
      marks: [Plot.barX(data, Plot.stackX({ y: 'label', x: 'trades', fill: 'outcome', order: [...OUTCOMES] })), Plot.ruleX([0])],
    })
  },
}
