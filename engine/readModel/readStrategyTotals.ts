import type { Store } from '../store/openStore.js'
import { canonicalOpportunities } from './canonicalOpportunities.js'

/**
 * Counts and error sums of one strategy in one run, over opportunities still on the canonical chain.
 * Sums are bigint base units (of each opportunity's start token: only their ratios mix tokens).
 */
export type StrategyTotals = {
  strategy: string
  opportunities: number
  simulated: number
  simulatedOk: number
  executed: number
  executedOk: number
  rejected: number
  /**
   * Executed trades (a transaction on chain, `tx_hash` set) whose simulation succeeded: the ones simulated and
   * realized profit are compared on. What landed decides: a trade that reverted (outbid, or the state moved)
   * realized 0. A trade that never executed (a bundle not included, a transaction not sent) is no simulation
   * error: it counts in the capture rate (`captured` / `simulatedSent`), not here.
   */
  compared: number
  /** Of `compared`, those whose realized profit equals the simulated one to the base unit. */
  exact: number
  /** Σ|realized − simulated| over `compared`. */
  simulationError: bigint
  /** Σ|simulated| over `compared`. */
  simulationBase: bigint
  /** Σ realized over every sent trade whose simulation succeeded (start-token units; only its ratio to `simulatedSent` mixes tokens). */
  captured: bigint
  /** Σ simulated over every sent trade whose simulation succeeded, executed or not. */
  simulatedSent: bigint
  /** Sent trades by outcome where they landed (engine/executors/inclusion/outcomeOf.ts). */
  won: number
  shrunk: number
  reverted: number
  outbid: number
  /** Sent trades with a rival transaction ahead of them that touched one of their pools. */
  rivals: number
  /** Σ|simulated − expected| over successful simulations: the strategy's math vs the node. */
  modelError: bigint
  /** Σ|expected| over successful simulations. */
  modelBase: bigint
}

/**
 * Per strategy (sorted by name) what became of a run's opportunities, with the sums accuracy figures are made
 * of. The one source of the counts of `arb show`, the report, `arb compare` and the gates (`sumTotals` adds
 * strategies up). Opportunities of reorged blocks are left out.
 */
export async function readStrategyTotals(store: Store, runId: string): Promise<StrategyTotals[]> {
  const rows = await store.query<{
    strategy: string
    opportunities: bigint
    simulated: bigint
    simulated_ok: bigint
    executed: bigint
    executed_ok: bigint
    rejected: bigint
    compared: bigint
    exact: bigint
    simulation_error: bigint | null
    simulation_base: bigint | null
    model_error: bigint | null
    model_base: bigint | null
    captured: bigint | null
    simulated_sent: bigint | null
    won: bigint
    shrunk: bigint
    reverted: bigint
    outbid: bigint
    rivals: bigint
  }>(
    `SELECT o.strategy,
            count(*) AS opportunities,
            count(s.opportunity_id) AS simulated,
            count(*) FILTER (WHERE s.success) AS simulated_ok,
            count(e.opportunity_id) AS executed,
            count(*) FILTER (WHERE e.success) AS executed_ok,
            count(r.opportunity_id) AS rejected,
            count(e.opportunity_id) FILTER (WHERE s.success AND e.tx_hash IS NOT NULL) AS compared,
            count(e.opportunity_id) FILTER (WHERE s.success AND e.tx_hash IS NOT NULL AND coalesce(e.realized_profit, 0) = s.simulated_profit) AS exact,
            sum(abs(coalesce(e.realized_profit, 0) - s.simulated_profit)) FILTER (WHERE e.tx_hash IS NOT NULL AND s.success) AS simulation_error,
            sum(abs(s.simulated_profit)) FILTER (WHERE e.tx_hash IS NOT NULL AND s.success) AS simulation_base,
            sum(coalesce(e.realized_profit, 0)) FILTER (WHERE e.opportunity_id IS NOT NULL AND s.success) AS captured,
            sum(s.simulated_profit) FILTER (WHERE e.opportunity_id IS NOT NULL AND s.success) AS simulated_sent,
            count(*) FILTER (WHERE e.outcome = 'won') AS won,
            count(*) FILTER (WHERE e.outcome = 'shrunk') AS shrunk,
            count(*) FILTER (WHERE e.outcome = 'reverted') AS reverted,
            count(*) FILTER (WHERE e.outcome = 'outbid') AS outbid,
            count(e.rival_tx) AS rivals,
            sum(abs(s.simulated_profit - o.expected_profit)) FILTER (WHERE s.success) AS model_error,
            sum(abs(o.expected_profit)) FILTER (WHERE s.success) AS model_base
     FROM ${canonicalOpportunities} o
     LEFT JOIN simulations s USING (run_id, opportunity_id)
     LEFT JOIN executions e USING (run_id, opportunity_id)
     LEFT JOIN rejections r USING (run_id, opportunity_id)
     WHERE o.run_id = $1
     GROUP BY o.strategy ORDER BY o.strategy`,
    [runId],
  )
  return rows.map((r) => ({
    strategy: r.strategy,
    opportunities: Number(r.opportunities),
    simulated: Number(r.simulated),
    simulatedOk: Number(r.simulated_ok),
    executed: Number(r.executed),
    executedOk: Number(r.executed_ok),
    rejected: Number(r.rejected),
    compared: Number(r.compared),
    exact: Number(r.exact),
    simulationError: r.simulation_error ?? 0n,
    simulationBase: r.simulation_base ?? 0n,
    modelError: r.model_error ?? 0n,
    modelBase: r.model_base ?? 0n,
    captured: r.captured ?? 0n,
    simulatedSent: r.simulated_sent ?? 0n,
    won: Number(r.won),
    shrunk: Number(r.shrunk),
    reverted: Number(r.reverted),
    outbid: Number(r.outbid),
    rivals: Number(r.rivals),
  }))
}
