import * as Plot from '@observablehq/plot'
import { readOpportunitiesPerBlock, type BlockOpportunitiesRow } from '../engine/readModel/readOpportunitiesPerBlock.js'
import type { Notebook } from './Notebook.js'

type Row = BlockOpportunitiesRow

/** Opportunities found in each processed block, stacked by strategy; blocks with none show as gaps. */
export const opportunitiesPerBlock: Notebook<Row> = {
  id: 'opportunities-per-block',
  title: 'Opportunities per block',
  description: 'Opportunities the strategies found in each processed block, stacked by strategy. The x axis spans every processed block, so empty stretches are blocks with none.',
  query(store, runId) {
    return readOpportunitiesPerBlock(store, runId)
  },
  plot(rows, { document, compare, width }) {
    if (rows.length === 0) return null
    const blocks = rows.map((r) => Number(r.block_number))
    const found = rows
      .filter((r) => r.strategy !== null && r.opportunities > 0n)
      .map((r) => ({ block: Number(r.block_number), n: Number(r.opportunities), strategy: r.strategy!, run: r.run }))
    const all = new Set(rows.map((r) => `${r.run}:${r.block_number}`)).size
    const withBlocks = `${new Set(found.map((r) => `${r.run}:${r.block}`)).size} of ${all} processed blocks had an opportunity`
    return Plot.plot({
      document,
      width,
      height: compare ? 160 * new Set(rows.map((r) => r.run)).size : 220,
      grid: true,
      color: { legend: true },
      caption: withBlocks,
      x: { label: 'block', domain: [Math.min(...blocks), Math.max(...blocks) + 1], tickFormat: 'd' },
      y: { label: 'opportunities' },
      fy: compare ? { label: 'run' } : undefined,
      marks: [
        Plot.rectY(found, { x: 'block', interval: 1, y: 'n', fill: 'strategy', fy: compare ? 'run' : undefined, inset: 0.5 }),
        Plot.ruleY([0]),
      ],
    })
  },
}
