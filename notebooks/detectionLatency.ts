import * as Plot from '@observablehq/plot'
import { readDetectionLatencies, type DetectionLatencyRow } from '../engine/readModel/readDetectionLatencies.js'
import type { Notebook } from './Notebook.js'

type Row = DetectionLatencyRow

/** Histogram of the time from a block's state being ready to a strategy's answer. */
export const detectionLatency: Notebook<Row> = {
  id: 'detection-latency',
  title: 'Detection latency',
  description: 'Time from the block’s market state being ready to the strategy returning the opportunity, in microseconds (log scale), per strategy.',
  query(store, runId) {
    return readDetectionLatencies(store, runId)
  },
  plot(rows, { document, compare, width }) {
    if (rows.length === 0) return null
    const data = rows.map((r) => ({ us: r.detect_latency_us, series: compare ? `${r.run} · ${r.strategy}` : r.strategy }))
    // Log-spaced bins, so bars have equal width on the log axis.
    const lo = Math.log10(Math.min(...data.map((d) => d.us)))
    const hi = Math.max(lo + 0.05, Math.log10(Math.max(...data.map((d) => d.us)))) + 1e-9
    const bins = 30
    const thresholds = Array.from({ length: bins + 1 }, (_, i) => 10 ** (lo + ((hi - lo) * i) / bins))
    return Plot.plot({
      document,
      width,
      height: 240,
      grid: true,
      color: { legend: true },
      x: { type: 'log', label: 'detection latency (µs)' },
      y: { label: 'opportunities' },
      marks: [Plot.rectY(data, Plot.binX<Plot.RectYOptions>({ y: 'count' }, { x: 'us', fill: 'series', thresholds })), Plot.ruleY([0])],
    })
  },
}
