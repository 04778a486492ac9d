import type { Store } from '../store/openStore.js'

/** Blocks a run has recorded (a block a reorg dropped is no longer among them; its replacement is). */
export async function readBlockCount(store: Store, runId: string): Promise<number> {
  const [row] = await store.query<{ n: bigint }>('SELECT count(*) AS n FROM blocks WHERE run_id = ?', [runId])
  return Number(row!.n)
}
