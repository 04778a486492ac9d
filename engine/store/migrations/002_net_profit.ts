import type { Migration } from './Migration.js'

/**
 * Net figures in the start token next to the gross ones, so P&L and gas share are plain SQL sums:
 * `simulations.net_profit` = simulated profit − estimated gas and tip at the block's price;
 * `executions.gas_cost_token` = gas and tip actually paid, converted to start-token base units at the
 * block's pool price (rounded up); `executions.net_profit` = realized profit − gas_cost_token.
 */
export const migration002: Migration = {
  version: 2,
  name: 'net_profit',
  sql: `
ALTER TABLE simulations ADD COLUMN net_profit HUGEINT;
ALTER TABLE executions ADD COLUMN gas_cost_token HUGEINT;
ALTER TABLE executions ADD COLUMN net_profit HUGEINT;
`,
}
