import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Arrow from 'apache-arrow'
import { exportCommand } from '../../cli/commands/export.js'
import { runCli } from '../../cli/runCli.js'
import { openStore, type Store } from '../../store/openStore.js'
import { exportRun } from './exportRun.js'

const dir = mkdtempSync(join(tmpdir(), 'arb-export-'))
const db = join(dir, 'export.duckdb')
let store: Store

const HUGE = 2n ** 100n + 12_345n // above 2^64, inside DECIMAL(38,0)
const NEG = -(2n ** 90n) - 7n
const token = '0x5fbdb2315678afecb367f032d93f642f64180aa3'

function runRows(runId: string, opportunities: number) {
  const opp = Array.from({ length: opportunities }, (_, i) => ({
    run_id: runId,
    opportunity_id: `10-${i}`,
    block_number: 10n,
    strategy: 'spatial',
    kind: 'spatial',
    route: '[]',
    token_in: token,
    amount_in: HUGE + BigInt(i),
    expected_profit: i % 2 ? NEG : HUGE,
    execution_mode: 'flash',
    detected_at: new Date(Date.UTC(2024, 0, 5, 12, 0, i)),
    detect_latency_us: 12.5 + i,
  }))
  return {
    run: { run_id: runId, started_at: new Date(), mode: 'backtest', strategies: '["spatial"]', config_json: '{}', config_hash: 'abc', source: '{}', chain_id: 1n, from_block: 10n, to_block: 11n, next_block: 12n, status: 'completed' },
    blocks: [10n, 11n].map((b) => ({ run_id: runId, block_number: b, block_timestamp: 1_700_000_000n + b, base_fee: 2n ** 70n, processed_at: new Date() })),
    opportunities: opp,
    simulations: opp.map((o, i) => ({ run_id: runId, opportunity_id: o.opportunity_id, success: i !== 2, simulated_profit: i === 2 ? null : o.expected_profit, gas_used: 2n ** 63n + 1n, error: null, net_profit: i === 2 ? null : o.expected_profit - 1n })),
    executions: opp.slice(0, 2).map((o) => ({ run_id: runId, opportunity_id: o.opportunity_id, tx_hash: '0x01', success: true, realized_profit: o.expected_profit, gas_used: 100_000n, gas_cost: 10n ** 30n, flash_fee: 0n, priority_fee: 1n, latency_ms: 3.25, error: null, gas_cost_token: 1n, net_profit: o.expected_profit - 1n })),
    rejections: opp.slice(2, 3).map((o) => ({ run_id: runId, opportunity_id: o.opportunity_id, reason: 'simulation-reverted', detail: "it's quoted" })),
  }
}

beforeAll(async () => {
  store = await openStore({ path: db })
  for (const [id, n] of [['run-a', 3], ["run-b'x", 5]] as const) {
    const r = runRows(id, n)
    await store.append('runs', [r.run])
    await store.append('blocks', r.blocks)
    await store.append('opportunities', r.opportunities)
    await store.append('simulations', r.simulations)
    await store.append('executions', r.executions)
    await store.append('rejections', r.rejections)
  }
})

afterAll(async () => {
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** A Decimal128 cell as apache-arrow returns it (a BigNum whose string is the exact integer) → bigint. */
const decimal = (v: unknown): bigint => BigInt(String(v))

const counts = { runs: 1, blocks: 2, opportunities: 3, simulations: 3, executions: 2, rejections: 1, gate_results: 0 }

describe('exportRun', () => {
  it('Parquet: one file per table, only the run’s rows, bigint amounts above 2^64 exact when read back with DuckDB', async () => {
    const out = join(dir, 'parquet')
    const files = await exportRun(store, { runId: 'run-a', format: 'parquet', outDir: out })
    expect(Object.fromEntries(files.filter((f) => f.table in counts).map((f) => [f.table, f.rows]))).toEqual(counts)
    expect(readdirSync(out).sort()).toEqual(files.map((f) => `${f.table}.parquet`).sort())
    for (const f of files) {
      const [n] = await store.query<{ n: bigint }>(`SELECT count(*) AS n FROM read_parquet('${f.file}')`)
      expect(n!.n, f.table).toBe(BigInt(f.rows))
    }
    const back = await store.query<{ opportunity_id: string; amount_in: bigint; expected_profit: bigint }>(
      `SELECT opportunity_id, CAST(amount_in AS HUGEINT) AS amount_in, CAST(expected_profit AS HUGEINT) AS expected_profit
       FROM read_parquet('${join(out, 'opportunities.parquet')}') ORDER BY opportunity_id`,
    )
    const orig = await store.query<{ opportunity_id: string; amount_in: bigint; expected_profit: bigint }>(
      `SELECT opportunity_id, amount_in, expected_profit FROM opportunities WHERE run_id = 'run-a' ORDER BY opportunity_id`,
    )
    expect(back).toEqual(orig)
    expect(back.map((r) => r.expected_profit)).toEqual([HUGE, NEG, HUGE])
    const sims = await store.query<{ simulated_profit: bigint | null; gas_used: bigint }>(`SELECT CAST(simulated_profit AS HUGEINT) AS simulated_profit, gas_used FROM read_parquet('${join(out, 'simulations.parquet')}') ORDER BY opportunity_id`)
    expect(sims.map((s) => s.simulated_profit)).toEqual([HUGE, NEG, null])
    expect(sims[0]!.gas_used).toBe(2n ** 63n + 1n)
    // Money is a decimal column in the file, never a float.
    const types = await store.query<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM read_parquet('${join(out, 'executions.parquet')}')`)
    expect(types.find((t) => t.column_name === 'gas_cost')!.column_type).toBe('DECIMAL(38,0)')
  })

  it('Arrow IPC: same rows and exact amounts read back with apache-arrow; a quote in the run id is no problem', async () => {
    const out = join(dir, 'arrow')
    const files = await exportRun(store, { runId: "run-b'x", format: 'arrow', outDir: out })
    const byTable = Object.fromEntries(files.map((f) => [f.table, Arrow.tableFromIPC(readFileSync(f.file))]))
    expect(byTable.opportunities!.numRows).toBe(5)
    expect(byTable.blocks!.numRows).toBe(2)
    expect(byTable.gate_results!.numRows).toBe(0)
    expect(byTable.gate_results!.schema.fields.map((f) => f.name)).toContain('passed')
    const opp = byTable.opportunities!
    const amounts = Array.from({ length: opp.numRows }, (_, i) => decimal(opp.getChild('expected_profit')!.get(i)))
    expect(amounts).toEqual([HUGE, NEG, HUGE, NEG, HUGE])
    expect(opp.getChild('amount_in')!.type.toString()).toBe('Decimal[38e0]')
    expect(opp.getChild('detect_latency_us')!.get(1)).toBe(13.5)
    const base = byTable.blocks!.getChild('base_fee')!.get(0)
    expect(decimal(base)).toBe(2n ** 70n)
    const sims = byTable.simulations!
    expect(sims.getChild('simulated_profit')!.get(2)).toBeNull()
    expect(sims.getChild('gas_used')!.get(0)).toBe(2n ** 63n + 1n)
    expect(byTable.rejections!.getChild('detail')!.get(0)).toBe("it's quoted")
    // Stored as microseconds since the epoch (apache-arrow's get() reports milliseconds).
    const detected = byTable.opportunities!.getChild('detected_at')!
    expect(detected.type.toString()).toBe('Timestamp<MICROSECOND>')
    expect(detected.data[0]!.values[0]).toBe(BigInt(Date.UTC(2024, 0, 5, 12, 0, 0)) * 1000n)
    expect(Number(detected.get(0))).toBe(Date.UTC(2024, 0, 5, 12, 0, 0))
  })

  it('refuses an amount of 10^38 or more instead of rounding it', async () => {
    const big = runRows('run-big', 1)
    big.opportunities[0]!.amount_in = 2n ** 127n - 1n
    await store.append('runs', [big.run])
    await store.append('opportunities', big.opportunities)
    await expect(exportRun(store, { runId: 'run-big', format: 'arrow', outDir: join(dir, 'big-a') })).rejects.toThrow(/does not fit DECIMAL\(38,0\)/)
    await expect(exportRun(store, { runId: 'run-big', format: 'parquet', outDir: join(dir, 'big-p') })).rejects.toThrow()
  })

  it('arb export prints the files; an unknown run is an error', async () => {
    await store.close()
    const out: string[] = []
    const write = process.stdout.write
    process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write
    try {
      await runCli(['export', 'run-a', '--format', 'arrow', '--out', join(dir, 'cli'), '--db', db], [exportCommand])
      expect(process.exitCode ?? 0).toBe(0)
      await runCli(['export', 'nope', '--out', join(dir, 'cli2'), '--db', db], [exportCommand])
      expect(process.exitCode).toBe(1)
      process.exitCode = undefined
    } finally {
      process.stdout.write = write
      store = await openStore({ path: db })
    }
    expect(out.join('')).toMatch(/opportunities\s+3\s+.*opportunities\.arrow/)
  })
})
