import type { HistoryBlock } from '../sources/types.js'
import type { Store } from '../store/openStore.js'

/**
 * Records a reorg of a live or paper run in one transaction: each dropped block's `blocks` row moves to
 * `reorged_blocks` (so the new block of that height can be written), its opportunities are listed in
 * `reorged_opportunities` (ids `<block>-<index>`, see `opportunityId`), and `runs.next_block`
 * goes back to the block after the common ancestor.
 */
export async function markReorged(store: Store, runId: string, commonAncestor: HistoryBlock, dropped: readonly HistoryBlock[]): Promise<number> {
  if (dropped.length === 0) return 0
  const now = new Date()
  let marked = 0
  await store.transaction(async () => {
    for (const b of dropped) {
      await store.run('INSERT INTO reorged_blocks VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING', [runId, b.number, b.hash, b.timestamp, now])
      const prefix = `${b.number}-%`
      const [n] = await store.query<{ n: bigint }>('SELECT count(*) AS n FROM opportunities WHERE run_id = ? AND opportunity_id LIKE ?', [runId, prefix])
      marked += Number(n!.n)
      await store.run(
        'INSERT INTO reorged_opportunities SELECT run_id, opportunity_id, ? FROM opportunities WHERE run_id = ? AND opportunity_id LIKE ? ON CONFLICT DO NOTHING',
        [b.hash, runId, prefix],
      )
      await store.run('DELETE FROM blocks WHERE run_id = ? AND block_number = ?', [runId, b.number])
    }
    await store.run('UPDATE runs SET next_block = ? WHERE run_id = ?', [commonAncestor.number + 1n, runId])
  })
  return marked
}
