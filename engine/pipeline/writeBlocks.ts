import type { Store } from '../store/openStore.js'
import type { BlockRecords } from './blockRecords.js'

/**
 * Writes a batch of processed blocks and advances `runs.next_block` past the last, atomically: after a crash
 * the run resumes at the first block not written, with no duplicate and no missing row.
 */
export async function writeBlocks(store: Store, runId: string, batch: readonly BlockRecords[], nextBlock: bigint): Promise<void> {
  if (batch.length === 0) return
  await store.transaction(async () => {
    const all = <K extends keyof BlockRecords>(k: K) => batch.flatMap((b) => b[k] as Record<string, unknown>[])
    await store.append('opportunities', all('opportunities'))
    await store.append('simulations', all('simulations'))
    await store.append('executions', all('executions'))
    await store.append('rejections', all('rejections'))
    await store.append('blocks', batch.map((b) => b.block))
    await store.run('UPDATE runs SET next_block = ? WHERE run_id = ?', [nextBlock, runId])
  })
}
