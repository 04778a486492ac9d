import type { Store } from '../store/openStore.js'
import type { RunRow } from '../store/rows/RunRow.js'
import { canonicalOpportunities } from './canonicalOpportunities.js'

/** A run as `arb runs` lists it: its row and its main counts (canonical chain only, as everywhere). */
export type RunListing = Pick<RunRow, 'run_id' | 'mode' | 'status' | 'strategies' | 'config_hash' | 'from_block' | 'to_block' | 'started_at'> & {
  blocks: number
  opportunities: number
  /** Successful executions. */
  executed: number
}

/** The runs of a database, newest first, at most `limit`. */
export async function listRuns(store: Store, limit: number): Promise<RunListing[]> {
  const rows = await store.query<Omit<RunListing, 'blocks' | 'opportunities' | 'executed'> & { blocks: bigint; opportunities: bigint; executed: bigint }>(
    `SELECT r.run_id, r.mode, r.status, r.strategies, r.config_hash, r.from_block, r.to_block, r.started_at,
            (SELECT count(*) FROM blocks b WHERE b.run_id = r.run_id) AS blocks,
            (SELECT count(*) FROM ${canonicalOpportunities} o WHERE o.run_id = r.run_id) AS opportunities,
            (SELECT count(*) FROM executions e JOIN ${canonicalOpportunities} o USING (run_id, opportunity_id) WHERE e.run_id = r.run_id AND e.success) AS executed
     FROM runs r ORDER BY r.started_at DESC LIMIT ?`,
    [limit],
  )
  return rows.map((r) => ({ ...r, blocks: Number(r.blocks), opportunities: Number(r.opportunities), executed: Number(r.executed) }))
}
