import * as Plot from '@observablehq/plot'
import { readPnl } from '../engine/readModel/readPnl.js'
import type { Notebook } from './Notebook.js'
import { withTokens, type TokenFields } from './lib/withTokens.js'

type Row = { strategy: string; token_in: string; trades: number; gross: bigint; gas: bigint } & TokenFields

/** Gas (and tip) paid as a share of gross realized profit, per strategy and start token. */
export const gasShare: Notebook<Row> = {
  id: 'gas-share',
  title: 'Gas share of profit',
  description: 'Gas and tip paid (converted to the start token) divided by gross realized profit, over successful executions, per strategy and start token. Above 100% the strategy lost money to gas.',
  async query(store, runId) {
    const rows = (await readPnl(store, runId)).map((p) => ({ strategy: p.strategy, token_in: p.token, trades: p.trades, gross: p.grossProfit, gas: p.gasCost }))
    return withTokens(store, runId, rows)
  },
  plot(rows, { document, compare, width }) {
    const data = rows
      .filter((r) => r.gross > 0n)
      // Ratio of bigints at 0.01% resolution; only the displayed share becomes a float.
      .map((r) => ({
        label: `${compare ? `${r.run} · ` : ''}${r.strategy} · ${r.token}`,
        share: Number((r.gas * 10_000n) / r.gross) / 10_000,
        strategy: r.strategy,
        trades: r.trades,
      }))
    if (data.length === 0) return null
    return Plot.plot({
      document,
      width,
      height: 60 + 28 * data.length,
      marginLeft: Math.min(320, 8 + 7 * Math.max(...data.map((d) => d.label.length))),
      grid: true,
      x: { label: 'gas share of gross profit', percent: true, domain: [0, Math.max(1, ...data.map((d) => d.share))] },
      y: { label: null },
      marks: [
        Plot.barX(data, { y: 'label', x: 'share', fill: 'strategy' }),
        Plot.text(data, { y: 'label', x: 'share', text: (d: { share: number; trades: number }) => `${(d.share * 100).toFixed(1)}% (${d.trades} trades)`, dx: 4, textAnchor: 'start' }),
        Plot.ruleX([0, 1], { stroke: '#888', strokeDasharray: '3,3' }),
      ],
    })
  },
}
