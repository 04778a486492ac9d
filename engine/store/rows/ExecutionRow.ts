/** An `executions` row (migrations 1 and 2): the outcome of sending an opportunity's transaction. */
export type ExecutionRow = {
  run_id: string
  opportunity_id: string
  tx_hash: string | null
  success: boolean
  /** Base units of `token_in`, after any flash fee, before gas. */
  realized_profit: bigint | null
  gas_used: bigint | null
  /** Wei. */
  gas_cost: bigint | null
  /** Base units of `token_in`. */
  flash_fee: bigint | null
  /** Wei per gas. */
  priority_fee: bigint | null
  latency_ms: number | null
  error: string | null
  /** Migration 2: `gas_cost` in `token_in` base units, rounded up. */
  gas_cost_token: bigint | null
  /** Migration 2: `realized_profit − gas_cost_token`. */
  net_profit: bigint | null
  /** Migration 7: paid to the coinbase by ArbExecutor, `token_in` base units. */
  builder_payment: bigint | null
  /** Migration 7: where the trade landed (see engine/executors/inclusion/). */
  inclusion_model: string | null
  landed_block: bigint | null
  position: number | null
  txs_ahead: number | null
  rival_tx: string | null
  /** Migration 7: `won`, `shrunk`, `reverted` or `outbid`. */
  outcome: string | null
  replay_failures: number | null
  replay_error: string | null
}
