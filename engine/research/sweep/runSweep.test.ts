import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sweepCommand } from '../../cli/commands/sweep.js'
import { runCli } from '../../cli/runCli.js'
import { writeManifest } from '../../devnet/manifest.js'
import { openStore, type Store } from '../../store/openStore.js'
import { plantMispricings, type PlantedChain } from '../testing/plantMispricings.js'
import { runSweep, type SweepPointEvent } from './runSweep.js'
import type { SweepGrid } from './sweepGrid.js'

const dir = mkdtempSync(join(tmpdir(), 'arb-sweep-'))
let planted: PlantedChain
let store: Store

beforeAll(async () => {
  planted = await plantMispricings()
  store = await openStore({ path: join(dir, 'sweep.duckdb') })
}, 120_000)

afterAll(async () => {
  await store?.close()
  await planted?.stop()
  rmSync(dir, { recursive: true, force: true })
})

/** 2 modes × 2 minimum profits; 10^30 wei is more than any opportunity, so those points trade nothing. */
const grid = (name: string): SweepGrid => ({
  name,
  base: { strategies: [{ name: 'spatial', startTokens: ['WETH'] }] },
  rankToken: 'WETH',
  axes: [
    { path: 'execution.mode', values: ['flash', 'capital'] },
    { path: 'strategies[*].minProfit', values: ['0', '1000000000000000000000000000000'] },
  ],
})

describe('runSweep on the devnet', () => {
  it('a 4-point grid gives 4 recorded runs, each with its point’s config hash, ranked by net P&L then success rate', async () => {
    const source = await planted.source()
    const result = await runSweep({ grid: grid('four'), store, source, sourceSpec: { kind: 'test' }, workers: 2 })
    expect(result.status).toBe('completed')
    expect(result.ranking).toHaveLength(4)
    const runs = await store.query<{ run_id: string; config_hash: string; status: string }>(`SELECT r.run_id, r.config_hash, r.status FROM runs r JOIN sweep_runs s USING (run_id) WHERE s.sweep_id = ?`, [result.sweepId])
    expect(runs).toHaveLength(4)
    for (const r of result.ranking) {
      expect(runs.find((x) => x.run_id === r.runId)).toEqual({ run_id: r.runId, config_hash: r.configHash, status: 'completed' })
    }
    // Trading points first, best net first; the two that found nothing last, at 0.
    const [a, b, c, d] = result.ranking
    expect([a!.params['strategies[*].minProfit'], b!.params['strategies[*].minProfit']]).toEqual(['0', '0'])
    expect(a!.rankNet).toBeGreaterThanOrEqual(b!.rankNet)
    expect(b!.rankNet).toBeGreaterThan(0n)
    expect([c!.rankNet, d!.rankNet, c!.executed, d!.executed]).toEqual([0n, 0n, 0, 0])
    expect(result.ranking.map((r) => r.rank)).toEqual([1, 2, 3, 4])
    // The ranking's P&L is the runs' P&L, to the base unit.
    const [net] = await store.query<{ net: bigint }>(`SELECT sum(e.net_profit) AS net FROM executions e WHERE e.run_id = ?`, [a!.runId])
    expect(a!.rankNet).toBe(net!.net)
  })

  it('an interrupted sweep resumes: finished points are skipped, an interrupted run continues under its id', async () => {
    const controller = new AbortController()
    const first: SweepPointEvent[] = []
    const r1 = await runSweep({
      grid: grid('resume'),
      store,
      source: await planted.source(),
      sourceSpec: { kind: 'test' },
      workers: 2,
      signal: controller.signal,
      onPoint: (e) => {
        first.push(e)
        controller.abort()
      },
    })
    expect(r1.status).toBe('interrupted')
    const done1 = first.filter((e) => e.status === 'completed')
    expect(done1.length).toBeGreaterThanOrEqual(1)
    expect(first.length).toBeLessThan(4)

    const second: SweepPointEvent[] = []
    const r2 = await runSweep({ grid: grid('resume'), store, source: await planted.source(), sourceSpec: { kind: 'test' }, workers: 2, onPoint: (e) => second.push(e) })
    expect(r2.sweepId).toBe(r1.sweepId)
    expect(r2.status).toBe('completed')
    expect(second.filter((e) => e.status === 'skipped').map((e) => [e.point, e.runId]).sort()).toEqual(done1.map((e) => [e.point, e.runId]).sort())
    // A run interrupted mid-range kept its id and was continued, not restarted.
    for (const e of first.filter((x) => x.status === 'interrupted')) expect(second.find((x) => x.point === e.point)!.runId).toBe(e.runId)
    const runs = await store.query<{ run_id: string; blocks: bigint }>(
      `SELECT r.run_id, (SELECT count(*) FROM blocks b WHERE b.run_id = r.run_id) AS blocks FROM runs r WHERE r.source LIKE ?`,
      [`%"sweep":"${r1.sweepId}"%`],
    )
    expect(runs).toHaveLength(4)
    for (const r of runs) expect(r.blocks).toBe(planted.to - planted.from + 1n)
    expect(r2.ranking.every((r) => r.status === 'completed')).toBe(true)
  })

  it('arb sweep --grid FILE over an RPC range prints the ranked table', async () => {
    const manifestPath = join(dir, 'manifest.json')
    await writeManifest(manifestPath, planted.manifest)
    const gridPath = join(dir, 'two.json')
    writeFileSync(gridPath, JSON.stringify({ name: 'two', base: { strategies: [{ name: 'spatial', startTokens: ['WETH'] }] }, axes: [{ path: 'execution.mode', values: ['flash', 'capital'] }] }))
    const out: string[] = []
    const err: string[] = []
    const write = process.stdout.write
    const writeErr = process.stderr.write
    process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write
    process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write
    try {
      process.exitCode = undefined
      const args = ['sweep', '--grid', gridPath, '--fork-url', planted.chain.rpcUrl, '--from', String(planted.from), '--to', String(planted.to), '--manifest', manifestPath, '--db', join(dir, 'cli.duckdb'), '--workers', '2']
      // The archive flags of arb backtest: a batch cap and a rate far above what the sweep sends, no cache.
      await runCli([...args, '--rpc-batch', '200', '--rpc-rate', '50000', '--no-cache'], [sweepCommand])
      expect(process.exitCode ?? 0, err.join('')).toBe(0)
      // The sweep's archive cost: requests per block over every point's blocks.
      expect(err.join('')).toMatch(/^sweep archive: [\d.]+ requests\/block \([\d,]+ requests, [\d,]+ calls/m)
      // Bad values name the flag and the bound.
      for (const [flag, value, expected] of [['--rpc-batch', '20000', /--rpc-batch: expected an integer from 1 to 10000/], ['--rpc-rate', '0', /--rpc-rate: expected a number/]] as const) {
        err.length = 0
        await runCli([...args, flag, value], [sweepCommand])
        expect(process.exitCode).toBe(1)
        expect(err.join('')).toMatch(expected)
      }
      process.exitCode = undefined
    } finally {
      process.stdout.write = write
      process.stderr.write = writeErr
    }
    const text = out.join('')
    expect(text).toMatch(/^sweep two-[0-9a-f]{12}  completed  2 points/m)
    expect(text).toMatch(/rank\s+point\s+execution\.mode\s+status\s+run id/)
    expect(text.match(/^\s*[12]\s+[01]\s+(flash|capital)\s+completed\s+r\d{8}-/gm)).toHaveLength(2)
    expect(text).toMatch(/net WETH/)
    // A grid that names no inclusion model runs the source kind's realistic one (an archive: priority), never top.
    const store = await openStore({ path: join(dir, 'cli.duckdb'), readOnly: true })
    try {
      const runs = await store.query<{ inclusion: string }>('SELECT DISTINCT inclusion FROM runs')
      expect(runs).toEqual([{ inclusion: 'priority' }])
    } finally {
      await store.close()
    }
  })
})
