import { readGateResults } from '../engine/readModel/readGateResults.js'
import type { GateResultRow } from '../engine/store/rows/GateResultRow.js'
import type { Notebook } from './Notebook.js'

type Row = GateResultRow

/** The promotion gates the run was judged by (`gate_results`), as a table. */
export const gateTable: Notebook<Row> = {
  id: 'gates',
  title: 'Gates',
  description: 'Promotion gates evaluated for the run (gate_results): measured value, threshold, and whether it passed.',
  query(store, runId) {
    return readGateResults(store, runId)
  },
  plot(rows, { document, compare }) {
    if (rows.length === 0) return null
    const table = document.createElement('table')
    table.className = 'gates'
    const head = ['gate', ...(compare ? ['run'] : []), 'value', 'threshold', 'result', 'config']
    const tr = document.createElement('tr')
    for (const h of head) tr.append(Object.assign(document.createElement('th'), { textContent: h }))
    table.append(tr)
    const fmt = (x: number | null) => (x === null ? '—' : Number.isInteger(x) ? String(x) : x.toPrecision(4))
    for (const r of rows) {
      const row = document.createElement('tr')
      row.className = r.passed ? 'pass' : 'fail'
      const cells = [r.gate, ...(compare ? [r.run] : []), fmt(r.value), fmt(r.threshold), r.passed ? 'pass' : 'FAIL', r.config_hash]
      for (const c of cells) row.append(Object.assign(document.createElement('td'), { textContent: c }))
      table.append(row)
    }
    return table
  },
}
