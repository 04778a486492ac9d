import type { Store } from '../store/openStore.js'
import type { ArchiveUsage } from './openArchive.js'

/**
 * Adds what a session of a run cost its archive node to the run's row (`runs.archive_requests`,
 * `archive_calls`, `archive_bytes`, `cache_hits`; migration 10), so a resumed run shows its whole cost.
 *
 * @example
 * await recordArchiveUsage(store, result.runId, source.usage()!)
 */
export async function recordArchiveUsage(store: Store, runId: string, usage: ArchiveUsage): Promise<void> {
  await store.run(
    `UPDATE runs SET archive_requests = coalesce(archive_requests, 0) + ?, archive_calls = coalesce(archive_calls, 0) + ?,
       archive_bytes = coalesce(archive_bytes, 0) + ?, cache_hits = coalesce(cache_hits, 0) + ? WHERE run_id = ?`,
    [BigInt(usage.requests), BigInt(usage.calls), BigInt(usage.bytes), BigInt(usage.cacheHits), runId],
  )
}
