import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openStore, type Store } from '../../engine/store/openStore.js'

const here = fileURLToPath(new URL('.', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'arb-queries-'))
let store: Store
const RUN = 'r20250101-000000-abcdef'
const WETH = '0x5fbdb2315678afecb367f032d93f642f64180aa3'

beforeAll(async () => {
  store = await openStore({ path: join(dir, 'q.duckdb') })
  const manifest = { tokens: { WETH: { address: WETH, decimals: 18 } } }
  await store.append('runs', [{ run_id: RUN, started_at: new Date(), mode: 'backtest', strategies: '["spatial"]', config_json: '{}', config_hash: 'h1', source: '{}', chain_id: 1n, from_block: 1n, to_block: 2n, next_block: 3n, status: 'completed', manifest_json: JSON.stringify(manifest) }])
  await store.append('blocks', [1n, 2n].map((b) => ({ run_id: RUN, block_number: b, block_timestamp: 1_700_000_000n + b, base_fee: 7n, processed_at: new Date() })))
  const opp = (id: string) => ({ run_id: RUN, opportunity_id: id, block_number: 2n, strategy: 'spatial', kind: 'spatial', route: '[]', token_in: WETH, amount_in: 10n ** 18n, expected_profit: 3n * 10n ** 17n, execution_mode: 'flash', detected_at: new Date(), detect_latency_us: 40 })
  await store.append('opportunities', [opp('2-0'), opp('2-1')])
  await store.append('simulations', [{ run_id: RUN, opportunity_id: '2-0', success: true, simulated_profit: 3n * 10n ** 17n, net_profit: 2n * 10n ** 17n, gas_used: 100_000n }])
  await store.append('executions', [{ run_id: RUN, opportunity_id: '2-0', success: true, realized_profit: 3n * 10n ** 17n, gas_used: 100_000n, gas_cost: 10n ** 15n, flash_fee: 0n, gas_cost_token: 10n ** 17n, net_profit: 2n * 10n ** 17n, latency_ms: 12 }])
  await store.append('rejections', [{ run_id: RUN, opportunity_id: '2-1', reason: 'simulation-reverted', detail: 'x' }])
  await store.append('gate_results', [{ run_id: RUN, config_hash: 'h1', gate: 'success-rate', value: 1, threshold: 0.9, passed: true, evaluated_at: new Date() }])
})

afterAll(async () => {
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Runs a recipe as a researcher would paste it (its SET VARIABLE lines included) and returns the last result. */
async function recipe(name: string): Promise<Record<string, unknown>[]> {
  const statements = readFileSync(join(here, name), 'utf8').split(/;\s*(?:\n|$)/).map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean)
  for (const s of statements.slice(0, -1)) await store.run(s)
  return store.query(statements.at(-1)!)
}

describe('research/queries recipes', () => {
  it('every recipe runs on the current schema', async () => {
    const files = readdirSync(here).filter((f) => f.endsWith('.sql'))
    expect(files.length).toBeGreaterThanOrEqual(8)
    for (const f of files) await expect(recipe(f), f).resolves.toBeDefined()
  })

  it('P&L per strategy sums net profit exactly and names the token from the manifest', async () => {
    const [row] = await recipe('pnl-per-strategy.sql')
    expect(row).toMatchObject({ strategy: 'spatial', token: 'WETH', trades: 1n, ok: 1n, gross: 3n * 10n ** 17n, gas: 10n ** 17n, net: 2n * 10n ** 17n, net_tokens: 0.2 })
  })

  it('rejections and latency recipes count the rows', async () => {
    expect(await recipe('rejections-by-reason.sql')).toMatchObject([{ strategy: 'spatial', reason: 'simulation-reverted', n: 1n, pct_of_strategy: 100 }])
    const lat = await recipe('latency-percentiles.sql')
    expect(lat.map((r) => [r.metric, r.part, r.n, r.p50])).toEqual([
      ['detect_us', 'spatial', 2n, 40],
      ['execute_ms', 'mined', 1n, 12],
    ])
    expect((await recipe('opportunities-per-block.sql')).map((r) => [r.block_number, r.opportunities, r.executed])).toEqual([
      [1n, 0n, 0n],
      [2n, 2n, 1n],
    ])
  })
})
