import type { Store } from '../store/openStore.js'
import { canonicalOpportunities } from './canonicalOpportunities.js'

/**
 * P&L of one strategy in one start token over a run's sent trades — what landed, failed ones included (a reverted
 * trade realized nothing and paid its gas) — base units of the token. `netProfit` = `grossProfit − gasCost` (the
 * flash fee and the builder payment are already out of the realized profit).
 */
export type PnlRow = {
  strategy: string
  /** Start token address as recorded (`opportunities.token_in`). */
  token: string
  trades: number
  /** Σ `executions.realized_profit`. */
  grossProfit: bigint
  /** Σ `executions.gas_cost_token`: gas and tip in the start token. */
  gasCost: bigint
  /** Σ `executions.flash_fee`. */
  flashFees: bigint
  /** Σ `executions.builder_payment`: paid to the coinbase out of the gain. */
  builderPayments: bigint
  /** Σ `executions.net_profit`. */
  netProfit: bigint
}

/**
 * Net P&L per strategy and start token over the sent trades of opportunities on the canonical chain,
 * sorted by strategy then token. `pnlByToken` adds strategies up. Money stays bigint.
 */
export async function readPnl(store: Store, runId: string): Promise<PnlRow[]> {
  const rows = await store.query<{ strategy: string; token: string; trades: bigint; gross: bigint | null; gas: bigint | null; fees: bigint | null; builder: bigint | null; net: bigint | null }>(
    `SELECT o.strategy, o.token_in AS token, count(*) AS trades, sum(e.realized_profit) AS gross, sum(e.gas_cost_token) AS gas,
            sum(e.flash_fee) AS fees, sum(e.builder_payment) AS builder, sum(e.net_profit) AS net
     FROM executions e JOIN ${canonicalOpportunities} o USING (run_id, opportunity_id)
     WHERE e.run_id = $1
     GROUP BY o.strategy, o.token_in ORDER BY o.strategy, o.token_in`,
    [runId],
  )
  return rows.map((r) => ({
    strategy: r.strategy,
    token: r.token,
    trades: Number(r.trades),
    grossProfit: r.gross ?? 0n,
    gasCost: r.gas ?? 0n,
    flashFees: r.fees ?? 0n,
    builderPayments: r.builder ?? 0n,
    netProfit: r.net ?? 0n,
  }))
}
