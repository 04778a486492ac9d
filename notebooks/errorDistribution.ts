import * as Plot from '@observablehq/plot'
import { readTrades } from '../engine/readModel/readTrades.js'
import type { Notebook } from './Notebook.js'
import { groupBy } from './lib/groupBy.js'
import { panels } from './lib/panels.js'
import { toDecimal } from './lib/toDecimal.js'
import { withTokens, type TokenFields } from './lib/withTokens.js'

type Row = { strategy: string; token_in: string; error: bigint } & TokenFields

/** Histogram of realized − simulated profit per executed trade, one chart per start token. */
export const errorDistribution: Notebook<Row> = {
  id: 'error-distribution',
  title: 'Simulation error (realized − simulated)',
  description: 'Histogram of realized minus simulated profit per executed trade, in whole start tokens. A single bar at 0 means every trade was simulated exactly.',
  async query(store, runId) {
    const rows = (await readTrades(store, runId)).flatMap((t) =>
      t.simulation_ok && t.simulated_profit !== null && t.realized_profit !== null
        ? [{ strategy: t.strategy, token_in: t.token_in, error: t.realized_profit - t.simulated_profit }]
        : [],
    )
    return withTokens(store, runId, rows)
  },
  plot(rows, { document, compare, width }) {
    if (rows.length === 0) return null
    const items = groupBy(rows, (r) => r.token).map(([token, group]) => {
      const exact = group.filter((r) => r.error === 0n).length
      const data = group.map((r) => ({ error: toDecimal(r.error, r.decimals), series: compare ? r.run : r.strategy }))
      const chart = Plot.plot({
        document,
        width,
        height: 220,
        grid: true,
        color: { legend: true },
        x: { label: `realized − simulated (${token})` },
        y: { label: 'trades' },
        marks: [Plot.rectY(data, Plot.binX<Plot.RectYOptions>({ y: 'count' }, { x: 'error', fill: 'series' })), Plot.ruleY([0])],
      })
      return { heading: `${token}: ${exact} of ${group.length} exact to the base unit`, chart }
    })
    return panels(document, items)
  },
}
