import type { Store } from '../store/openStore.js'
import type { GateEvaluation } from './evaluateGates.js'

/** Writes an evaluation to `gate_results`, replacing any earlier evaluation of the same run, atomically. */
export async function storeGateResults(store: Store, evaluation: GateEvaluation): Promise<void> {
  const evaluatedAt = new Date()
  await store.transaction(async () => {
    await store.run('DELETE FROM gate_results WHERE run_id = ?', [evaluation.runId])
    await store.append(
      'gate_results',
      evaluation.gates.map((g) => ({
        run_id: evaluation.runId,
        config_hash: evaluation.configHash,
        gate: g.gate,
        value: g.value === null || !Number.isFinite(g.value) ? null : g.value,
        threshold: g.threshold,
        passed: g.passed,
        evaluated_at: evaluatedAt,
      })),
    )
  })
}
