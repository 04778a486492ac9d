import type { HistoryBlock } from '../sources/types.js'
import type { Store } from '../store/openStore.js'

/**
 * Records a reorg of a live or paper run in one transaction: each dropped block's `blocks` row moves to
 * `reorged_blocks` (so the new block of that height can be written), its opportunities, found by
 * (run_id, block_number, block_hash), are listed in `reorged_opportunities`, and `runs.next_block` goes back
 * to the block after the common ancestor. Returns how many opportunities were marked.
 */
export async function markReorged(store: Store, runId: string, commonAncestor: HistoryBlock, dropped: readonly HistoryBlock[]): Promise<number> {
  if (dropped.length === 0) return 0
  const now = new Date()
  let marked = 0
  await store.transaction(async () => {
    for (const b of dropped) {
      await store.run('INSERT INTO reorged_blocks VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [runId, b.number, b.hash, b.timestamp, now])
      const match = 'FROM opportunities WHERE run_id = ? AND block_number = ? AND block_hash = ?'
      const [n] = await store.query<{ n: bigint }>(`SELECT count(*) AS n ${match}`, [runId, b.number, b.hash])
      marked += Number(n!.n)
      await store.run(`INSERT INTO reorged_opportunities SELECT run_id, opportunity_id, block_hash ${match} ON CONFLICT DO NOTHING`, [runId, b.number, b.hash])
      await store.run('DELETE FROM blocks WHERE run_id = ? AND block_number = ?', [runId, b.number])
    }
    await store.run('UPDATE runs SET next_block = ? WHERE run_id = ?', [commonAncestor.number + 1n, runId])
  })
  return marked
}
