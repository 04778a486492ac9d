import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { runBacktest } from '../backtest/runBacktest.js'
import { startLocalBuilder, type LocalBuilder } from '../builder/startLocalBuilder.js'
import { createRpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { compareRuns } from '../compare/compareRuns.js'
import { formatComparison } from '../compare/formatComparison.js'
import { parseConfig } from '../config/parseConfig.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest } from '../devnet/manifest.js'
import { createForkExecutor } from '../executors/createForkExecutor.js'
import { inclusionOf } from '../executors/inclusion/inclusionOf.js'
import { evaluateGates } from '../gates/evaluateGates.js'
import { storeGateResults } from '../gates/storeGateResults.js'
import { seedRun } from '../gates/testing/seedRun.js'
import { createForkSource } from '../sources/fork/createForkSource.js'
import { driveScenarioBehindBuilder, type LiveScenarioBlock } from '../sources/scenario/driveScenarioBehindBuilder.js'
import { prepareLiveScenario, type LiveScenarioSetup } from '../sources/scenario/prepareLiveScenario.js'
import { openStore, type Store } from '../store/openStore.js'
import { BUNDLE_NOT_INCLUDED } from './createBundleExecutor.js'
import { runLive, type LiveBlockReport } from './runLive.js'

// Anvil's account 0: the devnet deployer, owner of the executor (a well-known test key).
const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const BLOCKS = 16
const dir = mkdtempSync(join(tmpdir(), 'arb-sim-vs-exec-'))
const bundleSigner = privateKeyToAccount(generatePrivateKey())
let chain: Anvil
let builder: LocalBuilder | undefined
let manifest: Manifest
let setup: LiveScenarioSetup
let store: Store

beforeAll(async () => {
  chain = await startAnvil({ extraArgs: ['--order', 'fifo'] })
  manifest = await deployDevnet(chain, { seed: 1 })
  setup = await prepareLiveScenario(createRpcClient(chain.rpcUrl), manifest)
  store = await openStore({ path: join(dir, 'e2e.duckdb') })
}, 180_000)
afterAll(async () => {
  await builder?.stop()
  await store?.close()
  await chain?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('sim vs execution, end to end', () => {
  it('a stress scenario streams through the local builder; live bundles meet its rivals; arb compare with a backtest of the same blocks shows trade by trade and inclusion', async () => {
    const config = parseConfig({
      strategies: [{ name: 'spatial' }],
      execution: {
        mode: 'flash',
        bidBps: 5_000,
        inclusion: 'priority',
        submit: 'bundle',
        builders: [{ name: 'local', url: 'http://127.0.0.1:1' }], // replaced below by the builder's URL
        bundleBlocks: 1,
      },
      // Bundles left out cost nothing and must not open the breaker (one counted failure would).
      risk: { maxConsecutiveFailures: 1 },
      gates: { flash: { minTrades: 1, minSimulationAccuracy: 0.5, maxCostShare: 1 }, detection: { maxP95Ms: 1_000 } },
    })
    builder = await startLocalBuilder({ anvil: chain, blockTime: 12 })
    const b = builder
    const liveConfig = { ...config, execution: { ...config.execution, builders: [{ name: 'local', url: b.url }] } }
    // Gates for this config (a seeded backtest: the test is about what comes after).
    await seedRun(store, { runId: 'gate-backtest', config: liveConfig, trades: [{ token: manifest.tokens.WETH!.address, simulated: 10n, realized: 10n }] })
    const gates = await evaluateGates(store, 'gate-backtest')
    expect(gates.passed, JSON.stringify(gates.gates)).toBe(true)
    await storeGateResults(store, gates)

    // Bundles need their own signing key: no silent fallback to public transactions.
    const noSigner = await runLive({ mode: 'live', wsUrl: chain.rpcUrl.replace('http', 'ws'), httpUrl: b.url, config: liveConfig, manifest, store, account: privateKeyToAccount(KEY) }).catch((e: unknown) => e)
    expect((noSigner as Error).message).toMatch(/execution\.submit "bundle" needs a bundle signing key: set ARB_BUNDLE_SIGNING_KEY/)

    const reports: LiveBlockReport[] = []
    let reported: (() => void) | undefined
    const controller = new AbortController()
    let started!: () => void
    const isStarted = new Promise<void>((r) => (started = r))
    const done = runLive({
      mode: 'live',
      wsUrl: chain.rpcUrl.replace('http', 'ws'),
      httpUrl: b.url,
      config: liveConfig,
      manifest,
      store,
      account: privateKeyToAccount(KEY),
      bundleSigner,
      killSignal: false,
      signal: controller.signal,
      onStart: () => started(),
      onBlock: (r) => {
        reports.push(r)
        reported?.()
      },
    })
    done.catch(() => {})
    await isStarted

    // The scenario drives the chain; before each block is built, the engine has processed the head and sent its bundles.
    const scenarioBlocks: LiveScenarioBlock[] = []
    const waitForEngine = async (head: bigint) => {
      const deadline = Date.now() + 30_000
      while (!reports.some((r) => r.block.number === head)) {
        if (Date.now() > deadline) throw new Error(`the engine did not process block ${head}; reports: ${reports.map((r) => r.block.number).join(',')}`)
        await new Promise<void>((r) => {
          reported = r
          setTimeout(r, 100)
        })
      }
    }
    // The engine must report a head before the next block is built: an engine that awaited its bundles' target
    // blocks before taking the next head would wait here for a block that is never built (and time out).
    const scenario = await driveScenarioBehindBuilder({
      rpc: createRpcClient(chain.rpcUrl, { retries: 0 }),
      builder: b,
      setup,
      scenario: 'stress',
      seed: 1,
      blocks: BLOCKS,
      onBlock: (r) => scenarioBlocks.push(r),
      beforeBuild: async (index, target) => {
        if (index > 0) await waitForEngine(target - 1n)
      },
    })
    await waitForEngine(scenario.toBlock)
    controller.abort()
    await b.buildBlock() // wakes the engine so it sees the abort (and settles bundles still followed)
    const live = await done
    await b.stop()
    builder = undefined

    // The backtest of the same blocks, same config, trades landing by priority among the blocks' transactions.
    const executor = await createForkExecutor({ sourceRpcUrl: chain.rpcUrl, manifest, inclusion: inclusionOf(liveConfig) })
    const backtest = await runBacktest({
      source: await createForkSource({ rpcUrl: chain.rpcUrl, manifest, from: scenario.fromBlock, to: scenario.toBlock }),
      config: liveConfig,
      store,
      executor,
      sourceSpec: { kind: 'test' },
    }).finally(() => executor.close())

    const c = await compareRuns(store, backtest.runId, live.runId)
    expect(c.sameConfig).toBe(true)
    const liveTrades = c.trades.filter((t) => t.b !== null)
    const landed = liveTrades.filter((t) => t.b!.success)
    const notIncluded = liveTrades.filter((t) => t.b!.error === BUNDLE_NOT_INCLUDED)
    const summary = { scenario: scenario.totals, liveTrades: liveTrades.length, landed: landed.length, notIncluded: notIncluded.length, backtestTrades: c.trades.filter((t) => t.a !== null).length }
    // Some of our bundles land, some are left out (one trading account: one trade a head is sent, the rest accounts-busy).
    expect(landed.length, JSON.stringify(summary)).toBeGreaterThanOrEqual(2)
    expect(notIncluded.length, JSON.stringify(summary)).toBeGreaterThanOrEqual(3)
    expect(scenario.totals.rivalsLanded).toBeGreaterThan(0)
    // Outbid: blocks for which we sent bundles and none landed, while the scenario's rival bundles did.
    const outbidBlocks = [...new Set(liveTrades.map((t) => t.block))].filter(
      (n) => !landed.some((t) => t.block === n) && (scenarioBlocks.find((r) => r.number === n + 1n)?.rivals.landed ?? 0) > 0,
    )
    expect(outbidBlocks.length, JSON.stringify(summary)).toBeGreaterThanOrEqual(1)
    // Our landed bundles are the scenario blocks' other bundles (trades found in its last block land in the block after).
    expect(scenario.totals.otherBundles).toBe(landed.filter((t) => t.block < scenario.toBlock).length)
    // Every rival bundle either landed or was left out (by a better-paying bundle, ours or another rival's).
    expect(scenario.totals.rivalsLanded + scenario.totals.rivalsLeftOut).toBe(scenario.totals.rivalsSent)
    // A landed bundle realized a profit (ArbExecutor reverts below its minimum, and a reverting bundle is left out).
    for (const t of landed) expect(t.b!.realized).toBeGreaterThan(0n)
    // Per trade, both sides where both runs traded: the backtest traded the same opportunities, by id.
    const both = liveTrades.filter((t) => t.a !== null)
    expect(both.length, JSON.stringify(summary)).toBeGreaterThanOrEqual(1)
    for (const t of both) expect(t.a!.simulated).not.toBeNull()
    const [inclusion] = c.inclusion.b
    expect(inclusion).toMatchObject({ builder: 'local', landed: landed.length, notIncludedGasCost: 0n })
    expect(inclusion!.accepted).toBe(landed.length + notIncluded.length)
    // Not landing cost nothing and was not a failure: the breaker (limit 1) never opened, though bundles were left out
    // (in the order they were sent, `longest` in a row).
    const index = (id: string) => Number(id.split('-')[1])
    const inOrder = [...liveTrades].sort((x, y) => (x.block !== y.block ? (x.block < y.block ? -1 : 1) : index(x.opportunityId) - index(y.opportunityId)))
    let streak = 0
    let longest = 0
    for (const t of inOrder) longest = Math.max(longest, (streak = t.b!.success ? 0 : streak + 1))
    expect(longest).toBeGreaterThanOrEqual(1)
    const gas = await store.query<{ gas: bigint | null; n: bigint }>("SELECT sum(gas_cost) AS gas, count(*) AS n FROM executions WHERE run_id = $1 AND error = 'bundle not included'", [live.runId])
    expect(gas[0]!.n).toBe(BigInt(notIncluded.length))
    expect(gas[0]!.gas).toBe(0n)
    // Nothing lost: every bundle sent has its executions row, written once its outcome was known.
    const rows = await store.query<{ n: bigint }>('SELECT count(*) AS n FROM executions WHERE run_id = $1', [live.runId])
    expect(rows[0]!.n).toBe(BigInt(live.executed))
    expect(live.executed).toBe(liveTrades.length)
    const breaker = await store.query<{ n: bigint }>("SELECT count(*) AS n FROM rejections WHERE run_id = $1 AND reason = 'circuit-breaker'", [live.runId])
    expect(breaker[0]!.n).toBe(0n)
    // The backtest models the same bundles: where a trade would revert (outbid), the builder leaves it out and it pays
    // nothing, as live; and our live trades in the replayed blocks are not its rivals (left out of the replay).
    const left = await store.query<{ n: bigint; gas: bigint | null; bundle: bigint }>(
      "SELECT count(*) AS n, sum(gas_cost) AS gas, count(*) FILTER (WHERE error = 'bundle not included' AND tx_hash IS NULL) AS bundle FROM executions WHERE run_id = $1 AND NOT success",
      [backtest.runId],
    )
    expect(left[0]!.bundle).toBe(left[0]!.n)
    if (left[0]!.n > 0n) expect(left[0]!.gas).toBe(0n)
    const text = formatComparison(c)
    expect(text).toMatch(/bundles of B\nbuilder/)
    expect(text).toMatch(/bundle not included/)
    process.stdout.write(`${JSON.stringify(summary)}\n${text}\n`)
  }, 300_000)
})
