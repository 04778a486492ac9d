import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runsCommand, showCommand } from '../cli/commands/runs.js'
import { runCli } from '../cli/runCli.js'
import { compareRuns } from '../compare/compareRuns.js'
import { parseConfig } from '../config/parseConfig.js'
import { evaluateGates } from '../gates/evaluateGates.js'
import { seedRun, type SeedTrade } from '../gates/testing/seedRun.js'
import { openStore, type Store } from '../store/openStore.js'
import { cumulativePnl } from '../../notebooks/cumulativePnl.js'
import { detectionLatency } from '../../notebooks/detectionLatency.js'
import { errorDistribution } from '../../notebooks/errorDistribution.js'
import { executionLatency } from '../../notebooks/executionLatency.js'
import { gasShare } from '../../notebooks/gasShare.js'
import { opportunitiesPerBlock } from '../../notebooks/opportunitiesPerBlock.js'
import { simulatedVsRealized } from '../../notebooks/simulatedVsRealized.js'
import { listRuns } from './listRuns.js'
import { summarizeRun } from './summarizeRun.js'

const WETH = '0x00000000000000000000000000000000000000aa'
const USDC = '0x00000000000000000000000000000000000000bb'
const manifestJson = JSON.stringify({ tokens: { WETH: { address: WETH, decimals: 18 }, USDC: { address: USDC, decimals: 6 } } })
const config = parseConfig({ strategies: [{ name: 'spatial' }, { name: 'triangular' }], execution: { mode: 'capital' } })
const kept: SeedTrade[] = [
  { token: WETH, simulated: 100n, realized: 90n, gasCostToken: 10n, latencyMs: 5, detectUs: 100 },
  { token: WETH, simulated: 50n, realized: 50n, gasCostToken: 5n, latencyMs: 5, detectUs: 100, strategy: 'triangular' },
  { token: USDC, simulated: 7n, realized: 7n, gasCostToken: 1n, latencyMs: 5, detectUs: 100 },
]
// A trade of a block the chain dropped: huge figures, so any query that counts it shows.
const dropped: SeedTrade = { token: WETH, simulated: 10n ** 20n, realized: -(10n ** 20n), gasCostToken: 10n ** 18n, latencyMs: 1e6, detectUs: 1e9, reorged: true }
const dir = mkdtempSync(join(tmpdir(), 'arb-readmodel-'))
const db = join(dir, 'readmodel.duckdb')
let store: Store

beforeAll(async () => {
  store = await openStore({ path: db })
  await seedRun(store, { runId: 'with-reorg', config, trades: [...kept, dropped], manifestJson })
  await seedRun(store, { runId: 'without', config, trades: kept, manifestJson })
  // seedRun records no block rows. Height 4 is the block that replaced the dropped one: recorded, with no
  // opportunity of its own, so only the read model's filter keeps the dropped trade off the per-block chart.
  for (const runId of ['with-reorg', 'without']) {
    await store.run('INSERT INTO blocks (run_id, block_number, block_timestamp, processed_at) SELECT ?, i, i, now() FROM range(1, 5) t(i)', [runId])
    await store.run('UPDATE runs SET to_block = 4, next_block = 5 WHERE run_id = ?', [runId])
  }
})
afterAll(async () => {
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** Runs an `arb` command on the test database (closed meanwhile: the CLI opens the file itself) and returns stdout. */
async function arb(args: string[]): Promise<string> {
  await store.close()
  const out: string[] = []
  const write = process.stdout.write
  process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write
  try {
    await runCli([...args, '--db', db], [runsCommand, showCommand])
  } finally {
    process.stdout.write = write
    store = await openStore({ path: db })
  }
  expect(process.exitCode ?? 0).toBe(0)
  return out.join('')
}

describe('read model', () => {
  it('leaves opportunities of reorged blocks out of the summary, comparison, gates, run list and every report query', async () => {
    const [a, b] = [await summarizeRun(store, 'with-reorg'), await summarizeRun(store, 'without')]
    const figures = (s: typeof a) => ({ ...s, runId: '', startedAt: null, finishedAt: null, fromBlock: null, toBlock: null, nextBlock: null })
    expect(figures(a)).toEqual(figures(b))
    expect(a).toMatchObject({ opportunities: 3, executed: 3, executedOk: 3, simulated: 3, exactMatchRate: 2 / 3 })
    expect(a.simulationAccuracy).toBeCloseTo(1 - 10 / 157)
    expect(a.pnl).toEqual([
      { token: WETH, trades: 2, grossProfit: 140n, gasCost: 15n, flashFees: 0n, builderPayments: 0n, netProfit: 125n },
      { token: USDC, trades: 1, grossProfit: 7n, gasCost: 1n, flashFees: 0n, builderPayments: 0n, netProfit: 6n },
    ])

    const c = await compareRuns(store, 'with-reorg', 'without')
    for (const s of c.strategies) expect(s.a).toEqual(s.b)
    for (const p of c.pnl) expect(p.a).toBe(p.b)

    const [ga, gb] = [await evaluateGates(store, 'with-reorg'), await evaluateGates(store, 'without')]
    expect(ga.gates).toEqual(gb.gates)
    // The gates and the summary count the same trades.
    expect(ga.gates.find((g) => g.gate === 'successful trades')!.value).toBe(a.executedOk)

    const listed = await listRuns(store, 10)
    expect(listed.map((r) => [r.opportunities, r.executed])).toEqual([
      [3, 3],
      [3, 3],
    ])

    for (const nb of [cumulativePnl, simulatedVsRealized, errorDistribution, opportunitiesPerBlock, detectionLatency, executionLatency, gasShare]) {
      const strip = (rows: object[]) => JSON.stringify(rows, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
      expect(strip(await nb.query(store, 'with-reorg')), nb.id).toBe(strip(await nb.query(store, 'without')))
    }
  })

  it('`arb show` and `arb runs` print the same figures for the run with a reorged trade as for the run without', async () => {
    const [a, b] = [await arb(['show', 'with-reorg']), await arb(['show', 'without'])]
    expect(a.replaceAll('with-reorg', 'RUN')).toBe(b.replaceAll('without', 'RUN'))
    expect(a).toMatch(/USDC\s+1\s+0\.000007\s+0\.000001\s+0\s+0\s+0\.000006\s+14\.3%/)
    const runs = (await arb(['runs'])).split('\n').filter((l) => /^(with-reorg|without) /.test(l))
    expect(runs).toHaveLength(2)
    for (const line of runs) expect(line).toMatch(/\s4\s+1\.\.4\s+3\s+3\s/)
  })

  it('says which run is missing', async () => {
    await expect(summarizeRun(store, 'r-nope')).rejects.toThrow(/No run r-nope/)
    await expect(compareRuns(store, 'without', 'r-nope')).rejects.toThrow(/No run r-nope/)
  })
})
