import type { Store } from '../store/openStore.js'
import type { GateResultRow } from '../store/rows/GateResultRow.js'

/** The stored gate evaluation of a run (`gate_results`, written by `arb gates`), by gate name. */
export function readGateResults(store: Store, runId: string): Promise<GateResultRow[]> {
  return store.query<GateResultRow>('SELECT * FROM gate_results WHERE run_id = $1 ORDER BY gate', [runId])
}
