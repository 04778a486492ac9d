import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { runBacktest } from '../backtest/runBacktest.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { compareRuns } from '../compare/compareRuns.js'
import { formatComparison } from '../compare/formatComparison.js'
import { parseConfig } from '../config/parseConfig.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest } from '../devnet/manifest.js'
import { dumpWethOnV2 } from '../devnet/testing/dumpOnV2.js'
import { GateError } from '../errors/GateError.js'
import { RpcError } from '../errors/RpcError.js'
import { createForkExecutor } from '../executors/createForkExecutor.js'
import { evaluateGates } from '../gates/evaluateGates.js'
import { storeGateResults } from '../gates/storeGateResults.js'
import { seedRun } from '../gates/testing/seedRun.js'
import { createAlerter, type Alert } from '../monitoring/createAlerter.js'
import { createMetrics } from '../monitoring/createMetrics.js'
import { createForkSource } from '../sources/fork/createForkSource.js'
import { openStore, type Store } from '../store/openStore.js'
import { runLive, type LiveBlockReport, type LiveOptions } from './runLive.js'
import { createTcpProxy, type TcpProxy } from './testing/createTcpProxy.js'

const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const dir = mkdtempSync(join(tmpdir(), 'arb-live-'))
const config = parseConfig({
  strategies: [{ name: 'spatial' }, { name: 'triangular' }],
  execution: { mode: 'flash' },
  gates: { flash: { minTrades: 1, minSimulationAccuracy: 0.5, maxCostShare: 1 }, detection: { maxP95Ms: 1_000 } },
})
let chain: Anvil
let manifest: Manifest
let store: Store
let backtestRunId: string
let hook: Server
let proxy: TcpProxy | undefined
const alerts: Alert[] = []
let hookUrl: string

beforeAll(async () => {
  chain = await startAnvil()
  manifest = await deployDevnet(chain)
  store = await openStore({ path: join(dir, 'live.duckdb') })
  hook = createServer((req, res) => {
    let body = ''
    req.on('data', (d) => (body += d))
    req.on('end', () => {
      alerts.push(JSON.parse(body) as Alert)
      res.end()
    })
  })
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`

  // The forked simulation: a backtest over a planted mispricing, its gates passing under the test thresholds.
  const from = (await chain.publicClient.getBlockNumber()) + 1n
  await dumpWethOnV2(chain, manifest, 'uniswap-v2', 'USDC', 400n * 10n ** 18n)
  await chain.request('anvil_mine', ['0x2'])
  const to = await chain.publicClient.getBlockNumber()
  const executor = await createForkExecutor({ sourceRpcUrl: chain.rpcUrl, manifest })
  try {
    const bt = await runBacktest({ source: await createForkSource({ rpcUrl: chain.rpcUrl, manifest, from, to }), config, store, executor, sourceSpec: { kind: 'test' } })
    backtestRunId = bt.runId
  } finally {
    await executor.close()
  }
  const ev = await evaluateGates(store, backtestRunId)
  expect(ev.passed, JSON.stringify(ev.gates)).toBe(true)
  await storeGateResults(store, ev)
  // From here on the "live" chain mines only when told (paper, reorg) or every second (live).
  await chain.request('evm_setAutomine', [false])
}, 120_000)

afterAll(async () => {
  await proxy?.stop()
  await store?.close()
  await chain?.stop()
  await new Promise((r) => (hook ? hook.close(r) : r(undefined)))
  rmSync(dir, { recursive: true, force: true })
})

/** Starts runLive in the background; `until` resolves with the first report matching a predicate. */
function startLive(options: Partial<LiveOptions> & Pick<LiveOptions, 'mode'>) {
  const controller = new AbortController()
  const reports: LiveBlockReport[] = []
  const waiters: { pred: (r: LiveBlockReport) => boolean; resolve: (r: LiveBlockReport) => void }[] = []
  let runId = ''
  const done = runLive({
    wsUrl: chain.rpcUrl.replace('http', 'ws'),
    config,
    manifest,
    store,
    signal: controller.signal,
    killSignal: false,
    alerter: createAlerter({ url: hookUrl }),
    metrics: createMetrics(),
    onStart: (s) => (runId = s.runId),
    onBlock: (r) => {
      reports.push(r)
      for (const w of [...waiters]) if (w.pred(r)) (waiters.splice(waiters.indexOf(w), 1), w.resolve(r))
    },
    ...options,
  })
  done.catch(() => {})
  const until = (pred: (r: LiveBlockReport) => boolean, ms = 30_000) =>
    new Promise<LiveBlockReport>((resolve, reject) => {
      const hit = reports.find(pred)
      if (hit) return resolve(hit)
      const t = setTimeout(() => reject(new Error(`no such block within ${ms} ms; seen ${reports.map((r) => r.block.number).join(',')}`)), ms)
      waiters.push({ pred, resolve: (r) => (clearTimeout(t), resolve(r)) })
      done.catch((e) => (clearTimeout(t), reject(e)))
    })
  return { reports, until, done, stop: async () => (controller.abort(), await done), runId: () => runId }
}
const mine = () => chain.request('evm_mine')
const count = async (sql: string, params: unknown[]) => Number((await store.query<{ n: bigint }>(sql, params))[0]!.n)

describe('runLive', () => {
  it('refuses live mode without gates, and with failing gates names them', async () => {
    const untested = parseConfig({ strategies: [{ name: 'spatial' }], risk: { minNetProfit: 5 } })
    const e1 = await runLive({ mode: 'live', wsUrl: chain.rpcUrl.replace('http', 'ws'), config: untested, manifest, store, account: privateKeyToAccount(KEY) }).catch((e: unknown) => e)
    expect(e1).toBeInstanceOf(GateError)
    expect((e1 as Error).message).toMatch(/no gate evaluation was run for config \w+ on chain 31337/)

    const failing = parseConfig({ strategies: [{ name: 'spatial' }], risk: { minNetProfit: 6 } })
    await seedRun(store, { runId: 'seeded-failing', config: failing, trades: [{ token: manifest.tokens.WETH!.address, simulated: 10n, realized: 1n }] })
    await storeGateResults(store, await evaluateGates(store, 'seeded-failing'))
    const e2 = await runLive({ mode: 'live', wsUrl: chain.rpcUrl.replace('http', 'ws'), config: failing, manifest, store, account: privateKeyToAccount(KEY) }).catch((e: unknown) => e)
    expect((e2 as Error).message).toMatch(/gates failed for config .*successful trades: 1 \(needs threshold 50\)/)
    expect((e2 as Error).message).toMatch(/simulation accuracy: 0.1000/)
    expect(await count("SELECT count(*) AS n FROM runs WHERE mode = 'live'", [])).toBe(0)
  })

  it('paper mode records like live but sends nothing; a reorg marks the dropped block and rolls back', async () => {
    const nonce = await chain.request<Hex>('eth_getTransactionCount', [manifest.deployer, 'latest'])
    const paper = startLive({ mode: 'paper', shadow: false })
    await paper.until(() => true, 10_000).catch(() => undefined) // the head at connect time
    await mine()
    const tip = BigInt(await chain.request<Hex>('eth_blockNumber'))
    const first = await paper.until((r) => r.block.number === tip)
    expect(first.opportunities).toBeGreaterThan(0)
    // Drop that block and mine another at its height: the engine must see the reorg.
    await chain.request('anvil_rollback', [1])
    await chain.request('evm_mine', [Number(first.block.timestamp) + 7])
    const again = await paper.until((r) => r.block.number === first.block.number && r.block.hash !== first.block.hash)
    await mine()
    await paper.until((r) => r.block.number === first.block.number + 1n)
    const result = await paper.stop()
    const runId = result.runId

    expect(result.status).toBe('interrupted')
    expect(await chain.request<Hex>('eth_getTransactionCount', [manifest.deployer, 'latest'])).toBe(nonce)
    const [run] = await store.query<{ mode: string; status: string; to_block: bigint | null }>('SELECT mode, status, to_block FROM runs WHERE run_id = ?', [runId])
    expect(run).toEqual({ mode: 'paper', status: 'interrupted', to_block: null })
    expect(await count('SELECT count(*) AS n FROM executions WHERE run_id = ?', [runId])).toBe(0)
    expect(await count("SELECT count(*) AS n FROM rejections WHERE run_id = ? AND reason = 'paper'", [runId])).toBeGreaterThan(0)
    // The dropped block: remembered with its hash, its opportunities marked, its height recorded once (the new block).
    const dropped = await store.query<{ block_hash: string }>('SELECT block_hash FROM reorged_blocks WHERE run_id = ?', [runId])
    expect(dropped).toEqual([{ block_hash: first.block.hash }])
    expect(await count('SELECT count(*) AS n FROM reorged_opportunities WHERE run_id = ? AND block_hash = ?', [runId, first.block.hash])).toBe(first.opportunities)
    expect(await count('SELECT count(*) AS n FROM blocks WHERE run_id = ? AND block_number = ?', [runId, first.block.number])).toBe(1)
    // The new block of that height numbers its opportunities apart (reorg generation 1).
    expect(await count('SELECT count(*) AS n FROM opportunities WHERE run_id = ? AND opportunity_id LIKE ?', [runId, `${again.block.number}-%-r1`])).toBe(again.opportunities)
  }, 60_000)

  it('live mode captures the planted mispricings, records realized vs simulated, and the kill switch stops sending', async () => {
    const account = privateKeyToAccount(KEY)
    const nonce = Number(BigInt(await chain.request<Hex>('eth_getTransactionCount', [account.address, 'latest'])))
    const killFile = join(dir, 'KILL')
    await chain.request('evm_setIntervalMining', [1])
    const live = startLive({ mode: 'live', account, killFile })
    // The backtest's planted mispricing is still on the live chain: the first blocks trade it.
    const traded = await live.until((r) => r.executed > 0)
    // A trader moves the price again in the background; the engine trades that too.
    await dumpWethOnV2(chain, manifest, 'sushiswap', 'USDC', 300n * 10n ** 18n, { oneBlock: true })
    await live.until((r) => r.executed > 0 && r.block.number > traded.block.number)
    writeFileSync(killFile, '')
    await dumpWethOnV2(chain, manifest, 'uniswap-v2', 'USDC', 300n * 10n ** 18n, { oneBlock: true })
    const killed = await live.until((r) => r.killed && r.opportunities > 0)
    const result = await live.stop()
    await chain.request('evm_setIntervalMining', [0])

    const rows = await store.query<{ block_number: bigint; tx_hash: string; success: boolean; simulated_profit: bigint; realized_profit: bigint; net_profit: bigint }>(
      `SELECT o.block_number, e.tx_hash, e.success, s.simulated_profit, e.realized_profit, e.net_profit
       FROM executions e JOIN simulations s USING (run_id, opportunity_id) JOIN opportunities o USING (run_id, opportunity_id) WHERE e.run_id = ?`,
      [result.runId],
    )
    const ok = rows.filter((r) => r.success)
    expect(ok.length).toBeGreaterThanOrEqual(2)
    for (const r of ok) {
      expect(r.realized_profit).toBeGreaterThan(0n)
      // Realized vs simulated, both recorded; on an idle devnet they agree to the base unit.
      expect(r.realized_profit).toBe(r.simulated_profit)
      const tx = await chain.request<{ from: string }>('eth_getTransactionByHash', [r.tx_hash])
      expect(tx.from.toLowerCase()).toBe(account.address.toLowerCase())
    }
    // Nonces without gaps: one per transaction sent.
    expect(Number(BigInt(await chain.request<Hex>('eth_getTransactionCount', [account.address, 'latest'])))).toBe(nonce + rows.length)
    // Nothing sent from the block where the kill switch was seen.
    expect(rows.every((r) => r.block_number < killed.block.number)).toBe(true)
    expect(await count("SELECT count(*) AS n FROM rejections WHERE run_id = ? AND reason = 'kill-switch'", [result.runId])).toBeGreaterThan(0)
    expect(alerts.some((a) => a.kind === 'kill-switch' && a.runId === result.runId)).toBe(true)

    const comparison = await compareRuns(store, backtestRunId, result.runId)
    expect(comparison.sameConfig).toBe(true)
    const spatial = comparison.strategies.find((s) => s.b.executedOk > 0)!
    expect(spatial.b.accuracy).toBe(1)
    expect(formatComparison(comparison)).toMatch(/accuracy A \| B/)
  }, 90_000)

  it('paper mode shadows each trade in the next block on a fork: executions with an outcome, nothing sent', async () => {
    const nonce = await chain.request<Hex>('eth_getTransactionCount', [manifest.deployer, 'latest'])
    await chain.request('evm_setIntervalMining', [1])
    const paper = startLive({ mode: 'paper', shadowWaitMs: 10_000 })
    try {
      const traded = await paper.until((r) => r.executed > 0, 40_000)
      const result = await paper.stop()
      const rows = await store.query<{ tx_hash: string; inclusion_model: string; landed_block: bigint; outcome: string; simulated_profit: bigint; realized_profit: bigint }>(
        `SELECT e.tx_hash, e.inclusion_model, e.landed_block, e.outcome, s.simulated_profit, e.realized_profit
         FROM executions e JOIN simulations s USING (run_id, opportunity_id) JOIN opportunities o USING (run_id, opportunity_id)
         WHERE e.run_id = ? AND o.block_number = ?`,
        [result.runId, traded.block.number],
      )
      expect(rows.length).toBeGreaterThan(0)
      // Landed in the block after the one it was found in, by the default model for a live node's blocks.
      expect(rows[0]).toMatchObject({ inclusion_model: 'priority', landed_block: traded.block.number + 1n })
      expect(['won', 'shrunk', 'reverted', 'outbid']).toContain(rows[0]!.outcome)
      // Shadow transactions exist only on the fork: the chain never saw them, and the deployer sent nothing.
      expect(await chain.request('eth_getTransactionByHash', [rows[0]!.tx_hash])).toBeNull()
      expect(await chain.request<Hex>('eth_getTransactionCount', [manifest.deployer, 'latest'])).toBe(nonce)
      const [run] = await store.query<{ inclusion: string }>('SELECT inclusion FROM runs WHERE run_id = ?', [result.runId])
      expect(run!.inclusion).toBe('priority')
    } finally {
      await paper.stop().catch(() => undefined)
      await chain.request('evm_setIntervalMining', [0])
    }
  }, 90_000)

  it('an unreachable node is a clear RpcError; a dropped one is reconnected and blocks resume', async () => {
    const dead = await createTcpProxy(1)
    const e = await runLive({ mode: 'paper', wsUrl: `ws://127.0.0.1:${dead.port}`, httpUrl: chain.rpcUrl, config, manifest, store }).catch((x: unknown) => x)
    await dead.stop()
    // (the proxy above listens but forwards to a dead port: the WebSocket handshake fails)
    expect(e).toBeInstanceOf(RpcError)
    expect((e as Error).message).toMatch(/eth_subscribe to ws:\/\/127\.0\.0\.1:\d+\/ failed[\s\S]*cannot open a WebSocket/)

    proxy = await createTcpProxy(chain.port)
    const paper = startLive({ mode: 'paper', shadow: false, wsUrl: `ws://127.0.0.1:${proxy.port}`, httpUrl: `http://127.0.0.1:${proxy.port}` })
    await mine()
    const before = await paper.until(() => true)
    await proxy.stop()
    await mine()
    await mine()
    await new Promise((r) => setTimeout(r, 300))
    await proxy.start()
    const after = await paper.until((r) => r.block.number >= before.block.number + 2n, 20_000)
    expect(after.block.number).toBeGreaterThan(before.block.number)
    const result = await paper.stop()
    expect(alerts.filter((a) => a.runId === result.runId).map((a) => a.kind)).toEqual(expect.arrayContaining(['rpc-down', 'rpc-restored']))
  }, 60_000)
})
