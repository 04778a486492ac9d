import type { Store } from '../store/openStore.js'
import { canonicalOpportunities } from './canonicalOpportunities.js'

/** Opportunities one strategy found in one recorded block; `strategy` null (0 found) for a block with none. */
export type BlockOpportunitiesRow = { block_number: bigint; strategy: string | null; opportunities: bigint }

/** Every recorded block of a run with its opportunities per strategy (canonical chain only), in block order. */
export function readOpportunitiesPerBlock(store: Store, runId: string): Promise<BlockOpportunitiesRow[]> {
  return store.query<BlockOpportunitiesRow>(
    `SELECT b.block_number, o.strategy, count(o.opportunity_id) AS opportunities
     FROM blocks b LEFT JOIN ${canonicalOpportunities} o ON o.run_id = b.run_id AND o.block_number = b.block_number
     WHERE b.run_id = $1
     GROUP BY b.block_number, o.strategy ORDER BY b.block_number, o.strategy`,
    [runId],
  )
}
