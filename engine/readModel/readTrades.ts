import type { Store } from '../store/openStore.js'
import { canonicalOpportunities } from './canonicalOpportunities.js'

/** One executed trade (an `executions` row) with what its opportunity and simulation say. Base units of `token_in`. */
export type TradeRow = {
  opportunity_id: string
  block_number: bigint
  strategy: string
  token_in: string
  success: boolean
  /** Null when the simulation was not recorded or reverted. */
  simulated_profit: bigint | null
  simulation_ok: boolean | null
  realized_profit: bigint | null
  gas_cost_token: bigint | null
  net_profit: bigint | null
  latency_ms: number | null
  /** Why the execution failed (e.g. `bundle not included`); null when it succeeded. */
  error: string | null
}

/**
 * Every execution of a run (failed ones too), in block order, for opportunities on the canonical chain:
 * what the report's per-trade charts draw.
 */
export function readTrades(store: Store, runId: string): Promise<TradeRow[]> {
  return store.query<TradeRow>(
    `SELECT o.opportunity_id, o.block_number, o.strategy, o.token_in, e.success, s.simulated_profit, s.success AS simulation_ok,
            e.realized_profit, e.gas_cost_token, e.net_profit, e.latency_ms, e.error
     FROM executions e JOIN ${canonicalOpportunities} o USING (run_id, opportunity_id)
     LEFT JOIN simulations s USING (run_id, opportunity_id)
     WHERE e.run_id = $1
     ORDER BY o.block_number, o.opportunity_id`,
    [runId],
  )
}
