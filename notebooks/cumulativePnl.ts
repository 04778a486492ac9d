import * as Plot from '@observablehq/plot'
import { readTrades } from '../engine/readModel/readTrades.js'
import type { Notebook } from './Notebook.js'
import { groupBy } from './lib/groupBy.js'
import { panels } from './lib/panels.js'
import { toDecimal } from './lib/toDecimal.js'
import { withTokens, type TokenFields } from './lib/withTokens.js'

type Row = { strategy: string; token_in: string; block_number: bigint; net_profit: bigint; cumulative: bigint } & TokenFields

/** Running sum of net P&L (after gas, tip and flash fee) per strategy, one chart per start token. */
export const cumulativePnl: Notebook<Row> = {
  id: 'cumulative-pnl',
  title: 'Cumulative net P&L',
  description:
    'Running sum of executed trades’ net profit (realized − gas − tip − flash fee; failed transactions count their gas) per strategy, in whole tokens of the start token.',
  async query(store, runId) {
    // Running sums in bigint, per strategy and start token, in block order (the read model's order).
    const totals = new Map<string, bigint>()
    const rows = (await readTrades(store, runId)).flatMap((t) => {
      if (t.net_profit === null) return []
      const key = `${t.strategy}\u0000${t.token_in}`
      const cumulative = (totals.get(key) ?? 0n) + t.net_profit
      totals.set(key, cumulative)
      return [{ strategy: t.strategy, token_in: t.token_in, block_number: t.block_number, net_profit: t.net_profit, cumulative }]
    })
    return withTokens(store, runId, rows)
  },
  plot(rows, { document, compare, width }) {
    if (rows.length === 0) return null
    const items = groupBy(rows, (r) => r.token).map(([token, group]) => {
      const data = group.map((r) => ({
        block: Number(r.block_number),
        pnl: toDecimal(r.cumulative, r.decimals),
        series: compare ? `${r.run} · ${r.strategy}` : r.strategy,
      }))
      const chart = Plot.plot({
        document,
        width,
        height: 260,
        grid: true,
        color: { legend: true },
        x: { label: 'block', tickFormat: 'd' },
        y: { label: `cumulative net P&L (${token})` },
        marks: [
          Plot.ruleY([0]),
          Plot.line(data, { x: 'block', y: 'pnl', stroke: 'series', curve: 'step-after' }),
          Plot.dot(data, { x: 'block', y: 'pnl', stroke: 'series', r: 2.5 }),
        ],
      })
      return { heading: token, chart }
    })
    return panels(document, items)
  },
}
