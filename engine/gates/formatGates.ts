import { table } from '../format/table.js'
import type { GateEvaluation } from './evaluateGates.js'

/** The CLI table of an evaluation: gate, value, threshold, pass/fail, detail. */
export function formatGates(ev: GateEvaluation): string {
  const fmt = (x: number | null) => (x === null ? '—' : !Number.isFinite(x) ? '∞' : Number.isInteger(x) ? String(x) : x.toPrecision(4))
  const head = `run ${ev.runId}  config ${ev.configHash}  chain ${ev.chainId}  mode ${ev.mode}  phase ${ev.phase}`
  const rows = ev.gates.map((g) => [g.gate, fmt(g.value), `${g.comparison} ${fmt(g.threshold)}`, g.passed ? 'pass' : 'FAIL', g.detail ?? ''])
  return `${head}\n${table(['gate', 'value', 'threshold', 'result', 'detail'], rows)}\n${ev.passed ? 'all gates passed' : 'gates FAILED'}`
}
