import type { Store } from '../store/openStore.js'
import type { BundleSubmission } from './createBundleClient.js'

/**
 * Records bundle submissions as sent (landed NULL: not known yet), one row per builder and target block, in
 * one batch. The bundle hash and errors hold no key (the signature header is never stored).
 */
export async function writeSubmissions(
  store: Store,
  options: { runId: string; opportunityId: string; submissions: readonly BundleSubmission[]; submittedAt?: Date },
): Promise<void> {
  const at = options.submittedAt ?? new Date()
  await store.append(
    'submissions',
    options.submissions.map((s) => ({
      run_id: options.runId,
      opportunity_id: options.opportunityId,
      builder: s.builder,
      target_block: s.targetBlock,
      bundle_hash: s.bundleHash,
      submitted_at: at,
      landed: null,
      landed_block: null,
      landed_index: null,
      error: s.error ?? null,
    })),
  )
}
