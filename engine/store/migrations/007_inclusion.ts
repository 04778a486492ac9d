import type { Migration } from './Migration.js'

/**
 * Where trades land and what the builder takes (issue: backtests that face rivals).
 * - `runs.inclusion`: the inclusion model the run executed with (`top`, `delay:K`, `priority`, `index:K`, `end`).
 * - `simulations.simulated_payment`: the builder payment the simulation predicted (start-token base units).
 * - `executions`: `inclusion_model`, `landed_block`, `position` (index of our transaction in its block),
 *   `txs_ahead`, `rival_tx` (first transaction ahead of ours that touched one of the trade's pools), `outcome`
 *   (`won`, `shrunk`, `reverted`, `outbid`), `builder_payment` (start-token base units paid to the coinbase by
 *   ArbExecutor), `replay_failures` / `replay_error` (transactions of the landing block that could not be replayed).
 */
export const migration007: Migration = {
  version: 7,
  name: 'inclusion',
  sql: `
ALTER TABLE runs ADD COLUMN inclusion VARCHAR;
ALTER TABLE simulations ADD COLUMN simulated_payment HUGEINT;
ALTER TABLE executions ADD COLUMN inclusion_model VARCHAR;
ALTER TABLE executions ADD COLUMN landed_block UBIGINT;
ALTER TABLE executions ADD COLUMN position INTEGER;
ALTER TABLE executions ADD COLUMN txs_ahead INTEGER;
ALTER TABLE executions ADD COLUMN rival_tx VARCHAR;
ALTER TABLE executions ADD COLUMN outcome VARCHAR;
ALTER TABLE executions ADD COLUMN builder_payment HUGEINT;
ALTER TABLE executions ADD COLUMN replay_failures INTEGER;
ALTER TABLE executions ADD COLUMN replay_error VARCHAR;
`,
}
