import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { encodeFunctionData, toHex, type Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { arbExecutorAbi } from '../abi/arbExecutor.js'
import { runBacktest } from '../backtest/runBacktest.js'
import { startLocalBuilder, type LocalBuilder } from '../builder/startLocalBuilder.js'
import { devAccount } from '../builder/testing/bundleFixtures.js'
import { createRpcClient, type RpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { waitForReceipt } from '../chain/waitForReceipt.js'
import type { Config } from '../config/configSchema.js'
import { parseConfig } from '../config/parseConfig.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest } from '../devnet/manifest.js'
import { dumpWethOnV2 } from '../devnet/testing/dumpOnV2.js'
import { LiveError } from '../errors/LiveError.js'
import { createForkExecutor } from '../executors/createForkExecutor.js'
import { evaluateGates } from '../gates/evaluateGates.js'
import { storeGateResults } from '../gates/storeGateResults.js'
import { seedRun } from '../gates/testing/seedRun.js'
import type { Address } from '../market/types.js'
import { createForkSource } from '../sources/fork/createForkSource.js'
import { openStore, type Store } from '../store/openStore.js'
import { checkTradingAccounts } from './checkTradingAccounts.js'
import { runLive, type LiveBlockReport } from './runLive.js'

// Anvil's account 0 (default mnemonic): the devnet deployer, owner of the executor. Well-known test keys throughout.
const OWNER = privateKeyToAccount('0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80')
/** A second trading account: an allowed executor (setExecutor in the setup), with the dev account's ETH. */
const TRADER = privateKeyToAccount(toHex(devAccount(2).getHdKey().privateKey!))
/** Funded, never allowed to trade. */
const STRANGER = privateKeyToAccount(toHex(devAccount(4).getHdKey().privateKey!))
/** Allowed to trade, holds no ETH. */
const PAUPER = privateKeyToAccount(generatePrivateKey())
const bundleSigner = privateKeyToAccount(generatePrivateKey())

let anvil: Anvil
let builder: LocalBuilder
let rpc: RpcClient
let manifest: Manifest
let store: Store
let mispricedFrom: bigint
let mispricedTo: bigint
let snap: Hex

const configOf = (bundleAccounts: number | undefined, builderUrl: string): Config =>
  parseConfig({
    strategies: [{ name: 'spatial' }],
    execution: { mode: 'flash', bidBps: 5_000, submit: 'bundle', builders: [{ name: 'local', url: builderUrl }], bundleBlocks: 1, ...(bundleAccounts ? { bundleAccounts } : {}) },
    gates: { flash: { minTrades: 1, minSimulationAccuracy: 0.5, maxCostShare: 1 }, detection: { maxP95Ms: 1_000 } },
  })

async function allowExecutor(address: Address) {
  const data = encodeFunctionData({ abi: arbExecutorAbi, functionName: 'setExecutor', args: [address, true] })
  const hash = await anvil.request<Hex>('eth_sendTransaction', [{ from: OWNER.address, to: manifest.executor, data }])
  expect((await waitForReceipt(anvil, hash)).status).toBe('0x1')
}

beforeAll(async () => {
  anvil = await startAnvil({ extraArgs: ['--order', 'fifo'] })
  manifest = await deployDevnet(anvil)
  await allowExecutor(TRADER.address)
  await allowExecutor(PAUPER.address)
  // Two mispricings on disjoint pools: WETH cheap on the Uniswap V2 WETH/USDC pair and on its WETH/DAI pair.
  await dumpWethOnV2(anvil, manifest, 'uniswap-v2', 'USDC', 300n * 10n ** 18n)
  await dumpWethOnV2(anvil, manifest, 'uniswap-v2', 'DAI', 200n * 10n ** 18n)
  mispricedFrom = BigInt(await anvil.request<Hex>('eth_blockNumber'))
  await anvil.request('anvil_mine', ['0x1'])
  mispricedTo = BigInt(await anvil.request<Hex>('eth_blockNumber'))
  store = await openStore({ path: ':memory:' })
  builder = await startLocalBuilder({ anvil })
  rpc = createRpcClient(builder.url, { retries: 0 })
}, 180_000)
afterAll(async () => {
  await store?.close()
  await builder?.stop()
  await anvil?.stop()
})
beforeEach(async () => {
  snap = await anvil.snapshot()
})
afterEach(async () => {
  if (builder.pendingBundles().length > 0) await builder.buildBlock()
  await anvil.request('anvil_dropAllTransactions')
  await anvil.revert(snap)
})

/** Gates for `config` (a seeded backtest: these tests are about what comes after). */
async function passGates(config: Config, runId: string) {
  await seedRun(store, { runId, config, trades: [{ token: manifest.tokens.WETH!.address, simulated: 10n, realized: 10n }] })
  const gates = await evaluateGates(store, runId)
  expect(gates.passed, JSON.stringify(gates.gates)).toBe(true)
  await storeGateResults(store, gates)
}

/**
 * A live run over one head: the engine takes head N (both mispricings there) and sends its bundles for N+1; N+1 is
 * built from them. Answers the run, our bundles sent, the N+1 block and the engine's report of N.
 */
async function liveOverOneHead(config: Config, traders: PrivateKeyAccount[]) {
  const reports: LiveBlockReport[] = []
  const controller = new AbortController()
  let started!: () => void
  const isStarted = new Promise<void>((r) => (started = r))
  let fromBlock = -1n
  const done = runLive({
    mode: 'live',
    wsUrl: anvil.rpcUrl.replace('http', 'ws'),
    httpUrl: builder.url,
    config,
    manifest,
    store,
    account: OWNER,
    traders,
    bundleSigner,
    killSignal: false,
    signal: controller.signal,
    onStart: (s) => ((fromBlock = s.fromBlock), started()),
    onBlock: (r) => reports.push(r),
  })
  done.catch(() => {})
  await Promise.race([isStarted, done])
  const reported = async (n: bigint) => {
    const deadline = Date.now() + 30_000
    while (!reports.some((r) => r.block.number === n)) {
      if (Date.now() > deadline) throw new Error(`the engine did not process block ${n}; reports: ${reports.map((r) => r.block.number).join(',')}`)
      await new Promise((r) => setTimeout(r, 50))
    }
    return reports.find((r) => r.block.number === n)!
  }
  // The engine takes the head it starts on first.
  const report = await reported(fromBlock)
  const ours = builder.pendingBundles().filter((b) => b.signer.toLowerCase() === bundleSigner.address.toLowerCase())
  const landing = await builder.buildBlock()
  await reported(landing.number)
  controller.abort()
  await builder.buildBlock() // wakes the engine so it sees the abort
  const run = await done
  return { run, report, ours, landing }
}

/** The executions of the trades found on `block`. */
const executionsOf = (runId: string, block: bigint) =>
  store.query<{ opportunity_id: string; success: boolean; tx_hash: string | null; error: string | null; realized_profit: bigint }>(
    'SELECT opportunity_id, success, tx_hash, error, realized_profit FROM executions WHERE run_id = $1 AND opportunity_id LIKE $2 ORDER BY opportunity_id',
    [runId, `${block}-%`],
  )
const rejectionsOf = (runId: string, reason: string) =>
  store.query<{ opportunity_id: string; detail: string }>('SELECT opportunity_id, detail FROM rejections WHERE run_id = $1 AND reason = $2', [runId, reason])

describe('execution.bundleAccounts', () => {
  it('live, 2 accounts: the trades of one head on different pools go from different accounts and land in the same block', async () => {
    const config = configOf(2, builder.url)
    await passGates(config, 'gates-2')
    const { run, report, ours, landing } = await liveOverOneHead(config, [TRADER])
    expect(report.executed).toBe(2)
    expect(ours.map((b) => b.blockNumber)).toEqual([landing.number, landing.number])
    expect(landing.bundles.filter((b) => ours.some((o) => o.bundleHash === b.bundleHash)).map((b) => b.status)).toEqual(['included', 'included'])
    const rows = await executionsOf(run.runId, report.block.number)
    expect(rows.map((r) => [r.success, r.error])).toEqual([
      [true, null],
      [true, null],
    ])
    const txs = await Promise.all(rows.map((r) => rpc.request<{ from: string; blockNumber: Hex }>('eth_getTransactionByHash', [r.tx_hash])))
    expect(txs.map((t) => BigInt(t.blockNumber))).toEqual([landing.number, landing.number])
    expect(txs.map((t) => t.from.toLowerCase()).sort()).toEqual([OWNER.address, TRADER.address].map((a) => a.toLowerCase()).sort())
    for (const r of rows) expect(r.realized_profit).toBeGreaterThan(0n)
    // One trade on each mispriced pair.
    const routes = await store.query<{ route: string }>('SELECT route FROM opportunities WHERE run_id = $1 AND opportunity_id IN ($2, $3) ORDER BY route', [run.runId, rows[0]!.opportunity_id, rows[1]!.opportunity_id])
    expect(routes.map((r) => (r.route.includes('USDC') ? 'USDC' : r.route.includes('DAI') ? 'DAI' : r.route)).sort()).toEqual(['DAI', 'USDC'])
  }, 180_000)

  it('live, 1 account: one trade of the head is sent and lands; the other is rejected accounts-busy', async () => {
    const config = configOf(undefined, builder.url)
    await passGates(config, 'gates-1')
    // An extra key is not used when bundleAccounts is 1.
    const { run, report, ours, landing } = await liveOverOneHead(config, [TRADER])
    expect(report.executed).toBe(1)
    expect(ours).toHaveLength(1)
    expect(landing.bundles.find((b) => b.bundleHash === ours[0]!.bundleHash)?.status).toBe('included')
    const rows = await executionsOf(run.runId, report.block.number)
    expect(rows.map((r) => r.success)).toEqual([true])
    const tx = await rpc.request<{ from: string }>('eth_getTransactionByHash', [rows[0]!.tx_hash])
    expect(tx.from.toLowerCase()).toBe(OWNER.address.toLowerCase())
    const busy = (await rejectionsOf(run.runId, 'accounts-busy')).filter((r) => r.opportunity_id.startsWith(`${report.block.number}-`))
    expect(busy.length).toBeGreaterThanOrEqual(1)
    expect(busy[0]!.detail).toMatch(/all 1 trading accounts \(execution\.bundleAccounts\)/)
  }, 180_000)

  it('paper mode, 1 account: the shadow executes one trade of the head, the rest accounts-busy; without the shadow one is held', async () => {
    const config = configOf(undefined, builder.url)
    for (const shadow of [true, false]) {
      const reports: LiveBlockReport[] = []
      const controller = new AbortController()
      let fromBlock = -1n
      let started!: () => void
      const isStarted = new Promise<void>((r) => (started = r))
      const done = runLive({
        mode: 'paper',
        shadow,
        wsUrl: anvil.rpcUrl.replace('http', 'ws'),
        config,
        manifest,
        store,
        killSignal: false,
        signal: controller.signal,
        onStart: (s) => ((fromBlock = s.fromBlock), started()),
        onBlock: (r) => reports.push(r),
      })
      done.catch(() => {})
      await Promise.race([isStarted, done])
      // The shadow lands the head's trades in the next block.
      await builder.buildBlock()
      const deadline = Date.now() + 60_000
      while (!reports.some((r) => r.block.number === fromBlock) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
      controller.abort()
      await builder.buildBlock()
      const { runId } = await done
      const busy = (await rejectionsOf(runId, 'accounts-busy')).filter((r) => r.opportunity_id.startsWith(`${fromBlock}-`))
      expect(busy.length, `shadow ${shadow}`).toBeGreaterThanOrEqual(1)
      const rows = await executionsOf(runId, fromBlock)
      const held = (await rejectionsOf(runId, 'paper')).filter((r) => r.opportunity_id.startsWith(`${fromBlock}-`))
      if (shadow) {
        expect(rows.map((r) => r.success)).toEqual([true])
        expect(held).toEqual([])
      } else {
        expect(rows).toEqual([])
        expect(held).toHaveLength(1)
      }
    }
  }, 180_000)

  it('live preflight refuses too few keys, a repeated key, an account not allowed to trade, and one without ETH', async () => {
    const config = configOf(2, builder.url)
    await passGates(config, 'gates-preflight')
    const liveRuns = async () => (await store.query<{ n: bigint }>("SELECT count(*) AS n FROM runs WHERE mode = 'live'", []))[0]!.n
    const runsBefore = await liveRuns()
    const refusal = (traders: PrivateKeyAccount[]) =>
      runLive({ mode: 'live', wsUrl: anvil.rpcUrl.replace('http', 'ws'), httpUrl: builder.url, config, manifest, store, account: OWNER, traders, bundleSigner, killSignal: false }).then(
        () => {
          throw new Error('runLive started')
        },
        (e: unknown) => e as LiveError,
      )
    const few = await refusal([])
    expect(few).toBeInstanceOf(LiveError)
    expect(few.reason).toBe('no-key')
    expect(few.message).toMatch(/execution\.bundleAccounts is 2 but 1 trading key was given/)
    expect(few.details).toMatch(/ARB_TRADER_KEYS/)
    expect((await refusal([OWNER])).message).toMatch(/Trading accounts 1 and 2 are the same address/)
    const stranger = await refusal([STRANGER])
    expect(stranger.reason).toBe('not-executor')
    expect(stranger.message).toContain(`Trading account 2 (${STRANGER.address}) is neither the owner of the executor`)
    const pauper = await refusal([PAUPER])
    expect(pauper.reason).toBe('no-eth')
    expect(pauper.message).toContain(`Trading account 2 (${PAUPER.address}) holds no ETH to pay gas`)
    // No run was started by any of them.
    expect(await liveRuns()).toBe(runsBefore)
    // Enough keys: the first bundleAccounts are used, the rest ignored.
    const used = await checkTradingAccounts({ rpc, executor: manifest.executor as Address, accounts: [OWNER, TRADER, STRANGER], required: 2 })
    expect(used.map((a) => a.address)).toEqual([OWNER.address, TRADER.address])
  }, 60_000)

  it('backtest: bundleAccounts caps the trades sent per block (accounts-busy), like live; public transactions are not capped', async () => {
    const runWith = async (execution: Record<string, unknown>) => {
      const config = parseConfig({ strategies: [{ name: 'spatial' }], execution: { mode: 'flash', bidBps: 5_000, inclusion: 'top', ...execution } })
      const executor = await createForkExecutor({ sourceRpcUrl: anvil.rpcUrl, manifest })
      try {
        const { runId } = await runBacktest({ source: await createForkSource({ rpcUrl: anvil.rpcUrl, manifest, from: mispricedFrom, to: mispricedTo }), config, store, executor, sourceSpec: { kind: 'test' } })
        const perBlock = await store.query<{ block: string; sent: bigint; landed: bigint }>(
          "SELECT split_part(opportunity_id, '-', 1) AS block, count(*) AS sent, count(*) FILTER (WHERE success) AS landed FROM executions WHERE run_id = $1 GROUP BY 1 ORDER BY 1",
          [runId],
        )
        return { perBlock: perBlock.map((r) => [Number(r.sent), Number(r.landed)]), busy: (await rejectionsOf(runId, 'accounts-busy')).length }
      } finally {
        await executor.close()
      }
    }
    const bundle = { submit: 'bundle', builders: [{ name: 'local', url: 'http://127.0.0.1:1' }] }
    // Both mispricings are there in both blocks (a backtest trade does not change the replayed chain).
    const one = await runWith(bundle)
    expect(one.perBlock).toEqual([
      [1, 1],
      [1, 1],
    ])
    expect(one.busy).toBeGreaterThanOrEqual(2)
    const two = await runWith({ ...bundle, bundleAccounts: 2 })
    expect(two.perBlock).toEqual([
      [2, 2],
      [2, 2],
    ])
    const open = await runWith({})
    expect(open.busy).toBe(0)
    expect(open.perBlock.every(([sent]) => sent! >= 2)).toBe(true)
  }, 180_000)
})
