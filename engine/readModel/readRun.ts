import { BaseError } from '../errors/BaseError.js'
import type { Store } from '../store/openStore.js'
import type { RunRow } from '../store/rows/RunRow.js'

/** A run's `runs` row; a clear error naming the id when there is none. */
export async function readRun(store: Store, runId: string): Promise<RunRow> {
  const [run] = await store.query<RunRow>('SELECT * FROM runs WHERE run_id = ?', [runId])
  if (!run) throw new BaseError(`No run ${runId}`, { details: 'see `arb runs` for the run ids in this database' })
  return run
}
