import type { Store } from '../store/openStore.js'
import type { TrackedSubmission } from './trackInclusion.js'

/** Writes what became of submissions (from resolveSubmissions) onto their rows, in one transaction. */
export async function recordInclusion(store: Store, options: { runId: string; opportunityId: string; tracked: readonly TrackedSubmission[] }): Promise<void> {
  if (options.tracked.length === 0) return
  await store.transaction(async () => {
    for (const t of options.tracked) {
      await store.run(
        'UPDATE submissions SET landed = $1, landed_block = $2, landed_index = $3 WHERE run_id = $4 AND opportunity_id = $5 AND builder = $6 AND target_block = $7',
        [t.landed, t.landedBlock ?? null, t.landedIndex ?? null, options.runId, options.opportunityId, t.builder, t.targetBlock],
      )
    }
  })
}
