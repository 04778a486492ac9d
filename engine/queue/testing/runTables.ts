import type { Store } from '../../store/openStore.js'

/** Every recorded row of a run without run id, wall-clock times and latencies: what must be identical between two replays. */
export async function runTables(store: Store, runId: string) {
  const q = (sql: string) => store.query(sql, [runId])
  return {
    blocks: await q('SELECT block_number, block_hash, block_timestamp, base_fee FROM blocks WHERE run_id = ? ORDER BY block_number'),
    opportunities: await q('SELECT opportunity_id, block_number, strategy, kind, route, token_in, amount_in, expected_profit FROM opportunities WHERE run_id = ? ORDER BY opportunity_id'),
    simulations: await q('SELECT opportunity_id, success, simulated_profit, gas_used, error, net_profit, simulated_payment FROM simulations WHERE run_id = ? ORDER BY opportunity_id'),
    executions: await q('SELECT opportunity_id, tx_hash, success, realized_profit, gas_used, gas_cost, flash_fee, net_profit, inclusion_model, landed_block, position, outcome, builder_payment FROM executions WHERE run_id = ? ORDER BY opportunity_id'),
    rejections: await q('SELECT opportunity_id, reason, detail FROM rejections WHERE run_id = ? ORDER BY opportunity_id'),
  }
}
