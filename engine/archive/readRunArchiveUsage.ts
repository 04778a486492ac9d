import type { Store } from '../store/openStore.js'
import type { ArchiveUsage } from './openArchive.js'

/**
 * What a run cost its archive node, as recorded by recordArchiveUsage (`runs.archive_*`, `cache_hits`), or
 * undefined for a run that read no archive (a scenario, a dataset on the local devnet). Rate limits are not
 * recorded per run: `rateLimited` is 0.
 *
 * @example
 * const usage = await readRunArchiveUsage(store, runId)
 * if (usage) console.log(formatArchiveUsage(usage, blocks))
 */
export async function readRunArchiveUsage(store: Store, runId: string): Promise<ArchiveUsage | undefined> {
  const [row] = await store.query<{ archive_requests: bigint | null; archive_calls: bigint | null; archive_bytes: bigint | null; cache_hits: bigint | null }>(
    'SELECT archive_requests, archive_calls, archive_bytes, cache_hits FROM runs WHERE run_id = ?',
    [runId],
  )
  if (!row || row.archive_requests === null) return undefined
  return { requests: Number(row.archive_requests), calls: Number(row.archive_calls ?? 0n), bytes: Number(row.archive_bytes ?? 0n), cacheHits: Number(row.cache_hits ?? 0n), rateLimited: 0 }
}
