import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { runBacktest } from '../backtest/runBacktest.js'
import { startLocalBuilder, type LocalBuilder } from '../builder/startLocalBuilder.js'
import { devAccount } from '../builder/testing/bundleFixtures.js'
import { createBundleClient } from '../bundles/createBundleClient.js'
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
import { openStore, type Store } from '../store/openStore.js'
import { runLive, type LiveBlockReport } from './runLive.js'
import { BUNDLE_NOT_INCLUDED } from './createBundleExecutor.js'
import { signRivalBackrun } from './testing/signRivalBackrun.js'

// Anvil's account 0: the devnet deployer, owner of the executor (a well-known test key).
const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const GWEI = 1_000_000_000n
const ROUNDS = 4
const dir = mkdtempSync(join(tmpdir(), 'arb-sim-vs-exec-'))
const bundleSigner = privateKeyToAccount(generatePrivateKey())
const trader = devAccount(1)
const rival = devAccount(3)
let chain: Anvil
let builder: LocalBuilder | undefined
let manifest: Manifest
let store: Store

beforeAll(async () => {
  chain = await startAnvil({ extraArgs: ['--order', 'fifo'] })
  manifest = await deployDevnet(chain)
  store = await openStore({ path: join(dir, 'e2e.duckdb') })
}, 180_000)
afterAll(async () => {
  await builder?.stop()
  await store?.close()
  await chain?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('sim vs execution, end to end', () => {
  it('live bundles against a rival through the local builder; arb compare with a backtest of the same blocks shows trade by trade and inclusion', async () => {
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
      // Outbid bundles fail without costing anything: they must not open the breaker here.
      risk: { maxConsecutiveFailures: 100 },
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

    const rpc = createRpcClient(b.url, { retries: 0 })
    const head = async () => BigInt(await rpc.request<Hex>('eth_blockNumber'))
    const reports: LiveBlockReport[] = []
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
      onBlock: (r) => reports.push(r),
    })
    done.catch(() => {})
    await isStarted
    const ours = () => b.pendingBundles().filter((x) => x.signer.toLowerCase() === bundleSigner.address.toLowerCase())
    const rivalClient = createBundleClient({ builders: [{ name: 'local', url: b.url }], signer: privateKeyToAccount(generatePrivateKey()) })
    /** Builds blocks while the engine sends bundles, until it has processed the head and sent nothing more. */
    const settle = async (rivalRound: boolean) => {
      let rivalSent = false
      for (let i = 0; i < 200; i++) {
        const pending = ours()
        if (pending.length > 0) {
          if (rivalRound && !rivalSent) {
            // The rival backruns the same mispricing for the same block, paying the builder far more per gas.
            const txs = await signRivalBackrun(rpc, manifest, { account: rival, sellVenue: 'sushiswap', buyVenue: 'uniswap-v2', symbol: 'USDC', wethIn: 150n * 10n ** 18n, tip: 200_000n * GWEI })
            const [sent] = await rivalClient.sendBundle({ txs }, [pending[0]!.blockNumber])
            expect(sent!.error).toBeUndefined()
            rivalSent = true
          }
          await b.buildBlock()
          continue
        }
        const h = await head()
        if (reports.some((r) => r.block.number === h)) return
        await new Promise((r) => setTimeout(r, 50))
      }
      throw new Error(`the engine did not catch up with the head; reports: ${reports.map((r) => r.block.number).join(',')}`)
    }
    await b.buildBlock()
    await settle(false)
    const fromBlock = await head()
    for (let round = 0; round < ROUNDS; round++) {
      // A trader dumps WETH on Uniswap V2 through the public mempool: the next block holds a mispricing.
      for (const tx of await signRivalBackrun(rpc, manifest, { account: trader, sellVenue: 'uniswap-v2', symbol: 'USDC', wethIn: 300n * 10n ** 18n, tip: 2n * GWEI })) {
        await rpc.request('eth_sendRawTransaction', [tx])
      }
      await b.buildBlock()
      await settle(round % 2 === 1)
    }
    controller.abort()
    await b.buildBlock() // wakes the engine so it sees the abort
    const live = await done
    const toBlock = await head()
    await b.stop()
    builder = undefined

    // The backtest of the same blocks, same config, trades landing by priority among the blocks' transactions.
    const executor = await createForkExecutor({ sourceRpcUrl: chain.rpcUrl, manifest, inclusion: inclusionOf(liveConfig) })
    const backtest = await runBacktest({
      source: await createForkSource({ rpcUrl: chain.rpcUrl, manifest, from: fromBlock, to: toBlock - 1n }),
      config: liveConfig,
      store,
      executor,
      sourceSpec: { kind: 'test' },
    }).finally(() => executor.close())

    const c = await compareRuns(store, backtest.runId, live.runId)
    expect(c.sameConfig).toBe(true)
    const liveTrades = c.trades.filter((t) => t.b !== null)
    const landed = liveTrades.filter((t) => t.b!.success)
    const outbid = liveTrades.filter((t) => t.b!.error === BUNDLE_NOT_INCLUDED)
    expect(landed.length).toBeGreaterThanOrEqual(2)
    expect(outbid.length).toBeGreaterThanOrEqual(1)
    // A landed bundle realizes what it simulated (nothing else touched the pools in between).
    for (const t of landed) expect(t.b!.realized).toBe(t.b!.simulated)
    // The backtest saw the same opportunities, by id.
    expect(landed.filter((t) => t.a !== null).length).toBeGreaterThanOrEqual(1)
    const [inclusion] = c.inclusion.b
    expect(inclusion).toMatchObject({ builder: 'local', landed: landed.length, notIncludedGasCost: 0n })
    expect(inclusion!.accepted).toBe(landed.length + outbid.length)
    const gas = await store.query<{ gas: bigint }>("SELECT sum(gas_cost) AS gas FROM executions WHERE run_id = $1 AND error = 'bundle not included'", [live.runId])
    expect(gas[0]!.gas).toBe(0n)
    const text = formatComparison(c)
    expect(text).toMatch(/bundles of B\nbuilder/)
    expect(text).toMatch(/bundle not included/)
    process.stdout.write(`${text}\n`)
  }, 300_000)
})
