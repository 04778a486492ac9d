import { describe, expect, it } from 'vitest'
import { openStore } from '../openStore.js'
import type { TableRows } from './TableRows.js'

const at = new Date(0)
/** One complete row of each table: the type forces every field, the test checks the migrations agree. */
const samples: { [T in keyof TableRows]: TableRows[T] } = {
  runs: {
    run_id: 'r', started_at: at, finished_at: null, mode: 'backtest', strategies: '[]', config_json: '{}', config_hash: 'h', source: '{}',
    chain_id: 1n, from_block: 1n, to_block: null, next_block: 1n, status: 'running', manifest_json: null, inclusion: 'priority',
    archive_requests: 1n, archive_calls: 2n, archive_bytes: 3n, cache_hits: 4n,
  },
  blocks: { run_id: 'r', block_number: 1n, block_hash: '0x01', block_timestamp: 1n, base_fee: null, processed_at: at },
  opportunities: {
    run_id: 'r', opportunity_id: '1-0', block_number: 1n, block_hash: '0x01', strategy: 's', kind: 'k', route: '[]', token_in: '0xaa',
    amount_in: 1n, expected_profit: -1n, execution_mode: 'flash', detected_at: at, detect_latency_us: null,
  },
  simulations: { run_id: 'r', opportunity_id: '1-0', success: true, simulated_profit: 1n, gas_used: 1n, error: null, net_profit: 1n, simulated_payment: 1n },
  executions: {
    run_id: 'r', opportunity_id: '1-0', tx_hash: null, success: true, realized_profit: 1n, gas_used: 1n, gas_cost: 1n, flash_fee: null, flash_source: null,
    priority_fee: null, latency_ms: 1, error: null, gas_cost_token: 1n, net_profit: 0n,
    builder_payment: 1n, inclusion_model: 'priority', landed_block: 2n, position: 0, txs_ahead: 0, rival_tx: null, outcome: 'won', replay_failures: 0, replay_error: null,
  },
  rejections: { run_id: 'r', opportunity_id: '1-1', reason: 'paper', detail: null },
  gate_results: { run_id: 'r', config_hash: 'h', gate: 'g', value: null, threshold: 1, passed: false, evaluated_at: at },
  reorged_blocks: { run_id: 'r', block_number: 1n, block_hash: '0x02', block_timestamp: 1n, reorged_at: at },
  reorged_opportunities: { run_id: 'r', opportunity_id: '1-0', block_hash: '0x02' },
  sweeps: { sweep_id: 's', name: 'n', grid_json: '{}', source: '{}', points: 1, created_at: at, finished_at: null, status: 'running' },
  sweep_runs: { sweep_id: 's', point: 0, params_json: '{}', config_hash: 'h', run_id: null, status: 'pending', error: null, updated_at: at },
}

describe('row types', () => {
  it('name exactly the columns the migrations create, and read back as written', async () => {
    const store = await openStore({ path: ':memory:' })
    try {
      for (const [table, row] of Object.entries(samples)) {
        const columns = await store.query<{ column_name: string }>(
          "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? ORDER BY column_name",
          [table],
        )
        expect(Object.keys(row).sort(), table).toEqual(columns.map((c) => c.column_name))
        const names = Object.keys(row)
        await store.run(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`, Object.values(row))
        expect(await store.query(`SELECT ${names.join(', ')} FROM ${table}`), table).toEqual([row])
      }
    } finally {
      await store.close()
    }
  })
})
