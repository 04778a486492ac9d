import * as Plot from '@observablehq/plot'
import { readTrades } from '../engine/readModel/readTrades.js'
import type { Notebook } from './Notebook.js'

type Row = { success: boolean; latency_ms: number }

/** Histogram of the time from detection to the mined transaction (or its failure). */
export const executionLatency: Notebook<Row> = {
  id: 'execution-latency',
  title: 'Execution latency',
  description: 'Time from detection to the transaction being mined (or failing), in milliseconds, split by outcome.',
  async query(store, runId) {
    return (await readTrades(store, runId)).flatMap((t) => (t.latency_ms === null ? [] : [{ success: t.success, latency_ms: t.latency_ms }]))
  },
  plot(rows, { document, compare, width }) {
    if (rows.length === 0) return null
    const data = rows.map((r) => ({ ms: r.latency_ms, series: `${compare ? `${r.run} · ` : ''}${r.success ? 'mined' : 'failed'}` }))
    return Plot.plot({
      document,
      width,
      height: 240,
      grid: true,
      color: { legend: true },
      x: { label: 'execution latency (ms)' },
      y: { label: 'executions' },
      marks: [Plot.rectY(data, Plot.binX<Plot.RectYOptions>({ y: 'count' }, { x: 'ms', fill: 'series', thresholds: 30 })), Plot.ruleY([0])],
    })
  },
}
