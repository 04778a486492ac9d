import type { Store } from '../store/openStore.js'
import { canonicalOpportunities } from './canonicalOpportunities.js'

/** 95th percentiles (continuous) of a run's latencies; null without data. */
export type LatencyP95 = {
  /** `executions.latency_ms`: detection to mined transaction (or failure), milliseconds. */
  executionMs: number | null
  /** `opportunities.detect_latency_us`: block state ready to opportunity, microseconds. */
  detectionUs: number | null
}

/** The latency percentiles the gates judge, over opportunities on the canonical chain. */
export async function readLatencyP95(store: Store, runId: string): Promise<LatencyP95> {
  const [row] = await store.query<{ execution_ms: number | null; detection_us: number | null }>(
    `SELECT (SELECT quantile_cont(e.latency_ms, 0.95) FROM executions e JOIN ${canonicalOpportunities} o USING (run_id, opportunity_id) WHERE e.run_id = $1) AS execution_ms,
            (SELECT quantile_cont(o.detect_latency_us, 0.95) FROM ${canonicalOpportunities} o WHERE o.run_id = $1) AS detection_us`,
    [runId],
  )
  return { executionMs: row?.execution_ms ?? null, detectionUs: row?.detection_us ?? null }
}
