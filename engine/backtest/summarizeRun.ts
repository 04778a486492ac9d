import { BaseError } from '../errors/BaseError.js'
import type { Store } from '../store/openStore.js'

export type TokenPnl = { token: string; trades: number; grossProfit: bigint; gasCost: bigint; flashFees: bigint; netProfit: bigint }

export type RunSummary = {
  runId: string
  mode: string
  status: string
  strategies: string
  configHash: string
  source: string
  fromBlock: bigint
  toBlock: bigint | null
  nextBlock: bigint
  startedAt: Date
  finishedAt: Date | null
  blocks: number
  opportunities: number
  simulated: number
  simulatedOk: number
  executed: number
  executedOk: number
  rejected: number
  /** executedOk / executed (NaN when nothing was executed). */
  successRate: number
  /** 1 − Σ|realized − simulated| / Σ|simulated| over successful executions (NaN when none). */
  simulationAccuracy: number
  /** Share of successful executions whose realized profit equals the simulated one to the base unit. */
  exactMatchRate: number
  /** Per start token, successful executions only. */
  pnl: TokenPnl[]
}

/** A run's headline numbers, computed in DuckDB from its rows (money stays bigint). */
export async function summarizeRun(store: Store, runId: string): Promise<RunSummary> {
  const [run] = await store.query<Record<string, unknown>>('SELECT * FROM runs WHERE run_id = ?', [runId])
  if (!run) throw new BaseError(`No run ${runId}`, { details: 'see `arb runs` for the run ids in this database' })
  const [c] = await store.query<Record<string, bigint>>(
    `SELECT
       (SELECT count(*) FROM blocks WHERE run_id = $1) AS blocks,
       (SELECT count(*) FROM opportunities WHERE run_id = $1) AS opportunities,
       (SELECT count(*) FROM simulations WHERE run_id = $1) AS simulated,
       (SELECT count(*) FROM simulations WHERE run_id = $1 AND success) AS simulated_ok,
       (SELECT count(*) FROM executions WHERE run_id = $1) AS executed,
       (SELECT count(*) FROM executions WHERE run_id = $1 AND success) AS executed_ok,
       (SELECT count(*) FROM rejections WHERE run_id = $1) AS rejected`,
    [runId],
  )
  const [acc] = await store.query<{ abs_err: bigint | null; abs_sim: bigint | null; exact: bigint; n: bigint }>(
    `SELECT sum(abs(e.realized_profit - s.simulated_profit)) AS abs_err, sum(abs(s.simulated_profit)) AS abs_sim,
            count(*) FILTER (WHERE e.realized_profit = s.simulated_profit) AS exact, count(*) AS n
     FROM executions e JOIN simulations s USING (run_id, opportunity_id)
     WHERE e.run_id = $1 AND e.success AND s.success`,
    [runId],
  )
  const pnl = await store.query<{ token: string; trades: bigint; gross: bigint; gas: bigint; fees: bigint; net: bigint }>(
    `SELECT o.token_in AS token, count(*) AS trades, sum(e.realized_profit) AS gross, sum(e.gas_cost_token) AS gas,
            sum(coalesce(e.flash_fee, 0)) AS fees, sum(e.net_profit) AS net
     FROM executions e JOIN opportunities o USING (run_id, opportunity_id)
     WHERE e.run_id = $1 AND e.success GROUP BY o.token_in ORDER BY o.token_in`,
    [runId],
  )
  const n = (k: string) => Number(c![k] ?? 0n)
  const accuracy = acc && acc.n > 0n && acc.abs_sim ? 1 - Number(acc.abs_err ?? 0n) / Number(acc.abs_sim) : Number.NaN
  return {
    runId,
    mode: String(run.mode),
    status: String(run.status),
    strategies: String(run.strategies),
    configHash: String(run.config_hash),
    source: String(run.source),
    fromBlock: run.from_block as bigint,
    toBlock: (run.to_block as bigint | null) ?? null,
    nextBlock: run.next_block as bigint,
    startedAt: run.started_at as Date,
    finishedAt: (run.finished_at as Date | null) ?? null,
    blocks: n('blocks'),
    opportunities: n('opportunities'),
    simulated: n('simulated'),
    simulatedOk: n('simulated_ok'),
    executed: n('executed'),
    executedOk: n('executed_ok'),
    rejected: n('rejected'),
    successRate: n('executed') > 0 ? n('executed_ok') / n('executed') : Number.NaN,
    simulationAccuracy: accuracy,
    exactMatchRate: acc && acc.n > 0n ? Number(acc.exact) / Number(acc.n) : Number.NaN,
    pnl: pnl.map((r) => ({ token: r.token, trades: Number(r.trades), grossProfit: r.gross ?? 0n, gasCost: r.gas ?? 0n, flashFees: r.fees ?? 0n, netProfit: r.net ?? 0n })),
  }
}
