import * as Plot from '@observablehq/plot'
import { readTrades } from '../engine/readModel/readTrades.js'
import type { Notebook } from './Notebook.js'
import { groupBy } from './lib/groupBy.js'
import { panels } from './lib/panels.js'
import { toDecimal } from './lib/toDecimal.js'
import { withTokens, type TokenFields } from './lib/withTokens.js'

type Row = { strategy: string; token_in: string; simulated_profit: bigint; realized_profit: bigint } & TokenFields

/** Each executed trade as a dot (simulated, realized) against the y = x line of a perfect simulation. */
export const simulatedVsRealized: Notebook<Row> = {
  id: 'simulated-vs-realized',
  title: 'Simulated vs realized profit',
  description: 'One dot per executed trade whose simulation succeeded: simulated profit (x) against realized profit (y), before gas, in whole start tokens. Dots on the dashed y = x line were simulated exactly.',
  async query(store, runId) {
    const rows = (await readTrades(store, runId)).flatMap((t) =>
      t.simulation_ok && t.simulated_profit !== null && t.realized_profit !== null
        ? [{ strategy: t.strategy, token_in: t.token_in, simulated_profit: t.simulated_profit, realized_profit: t.realized_profit }]
        : [],
    )
    return withTokens(store, runId, rows)
  },
  plot(rows, { document, compare, width }) {
    if (rows.length === 0) return null
    const items = groupBy(rows, (r) => r.token).map(([token, group]) => {
      const data = group.map((r) => ({
        simulated: toDecimal(r.simulated_profit, r.decimals),
        realized: toDecimal(r.realized_profit, r.decimals),
        series: compare ? `${r.run} · ${r.strategy}` : r.strategy,
      }))
      const values = data.flatMap((d) => [d.simulated, d.realized])
      const lo = Math.min(0, ...values)
      const hi = Math.max(...values)
      const chart = Plot.plot({
        document,
        width: Math.min(width, 520),
        height: Math.min(width, 520) - 40,
        grid: true,
        color: { legend: true },
        x: { label: `simulated profit (${token})`, domain: [lo, hi] },
        y: { label: `realized profit (${token})`, domain: [lo, hi] },
        marks: [
          Plot.link([{ lo, hi }], { x1: 'lo', y1: 'lo', x2: 'hi', y2: 'hi', strokeDasharray: '4,3', stroke: '#888' }),
          Plot.dot(data, { x: 'simulated', y: 'realized', stroke: 'series', r: 3.5 }),
        ],
      })
      return { heading: token, chart }
    })
    return panels(document, items)
  },
}
