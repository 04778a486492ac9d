import type { Store } from '../store/openStore.js'
import { canonicalOpportunities } from './canonicalOpportunities.js'

export type DetectionLatencyRow = { strategy: string; detect_latency_us: number }

/** The detection latency of each opportunity on the canonical chain that has one (> 0), microseconds. */
export function readDetectionLatencies(store: Store, runId: string): Promise<DetectionLatencyRow[]> {
  return store.query<DetectionLatencyRow>(
    `SELECT o.strategy, o.detect_latency_us FROM ${canonicalOpportunities} o
     WHERE o.run_id = $1 AND o.detect_latency_us IS NOT NULL AND o.detect_latency_us > 0
     ORDER BY o.block_number, o.opportunity_id`,
    [runId],
  )
}
