// Live-mode latency on the devnet: new head received → opportunity (state read + detection), and
// opportunity → signed transaction sent (simulation batch, cost model, risk, signing, eth_sendRawTransaction).
// A trader dumps WETH on alternating V2 venues every block; the engine, gated by a backtest, trades it.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { privateKeyToAccount } from 'viem/accounts'
import { runBacktest } from '../engine/backtest/runBacktest.js'
import { startAnvil } from '../engine/chain/startAnvil.js'
import { parseConfig } from '../engine/config/parseConfig.js'
import { deployDevnet } from '../engine/devnet/deployDevnet.js'
import { dumpWethOnV2 } from '../engine/devnet/testing/dumpOnV2.js'
import { createForkExecutor } from '../engine/executors/createForkExecutor.js'
import { evaluateGates } from '../engine/gates/evaluateGates.js'
import { storeGateResults } from '../engine/gates/storeGateResults.js'
import type { TradeTiming } from '../engine/live/createChainExecutor.js'
import { runLive } from '../engine/live/runLive.js'
import { createForkSource } from '../engine/sources/fork/createForkSource.js'
import { openStore } from '../engine/store/openStore.js'
import { percentile, writeResult } from './writeResult.js'

const TRADES = Number(process.env.BENCH_LIVE_TRADES ?? 20)
const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const dir = mkdtempSync(join(tmpdir(), 'bench-live-'))
const chain = await startAnvil()
const store = await openStore({ path: join(dir, 'bench.duckdb') })
const controller = new AbortController()
try {
  const manifest = await deployDevnet(chain)
  const config = parseConfig({
    strategies: [{ name: 'spatial' }, { name: 'triangular' }],
    execution: { mode: 'flash' },
    gates: { flash: { minTrades: 1, minSimulationAccuracy: 0.5, maxCostShare: 1 }, detection: { maxP95Ms: 1_000 } },
  })
  // Gates first: a short backtest over a planted mispricing.
  const from = (await chain.publicClient.getBlockNumber()) + 1n
  await dumpWethOnV2(chain, manifest, 'uniswap-v2', 'USDC', 400n * 10n ** 18n)
  const to = await chain.publicClient.getBlockNumber()
  const fork = await createForkExecutor({ sourceRpcUrl: chain.rpcUrl, manifest })
  const bt = await runBacktest({ source: await createForkSource({ rpcUrl: chain.rpcUrl, manifest, from, to }), config, store, executor: fork, sourceSpec: { kind: 'bench' } })
  await fork.close()
  await storeGateResults(store, await evaluateGates(store, bt.runId))
  await chain.request('evm_setIntervalMining', [1])

  let headAt = 0
  const headToOpportunity: number[] = []
  const opportunityToSent: number[] = []
  const simulateToSigned: number[] = []
  const blocksWithTrade = new Set<bigint>()
  let currentBlock = 0n
  let done: () => void = () => {}
  const finished = new Promise<void>((r) => (done = r))
  const live = runLive({
    mode: 'live',
    wsUrl: chain.rpcUrl.replace('http', 'ws'),
    config,
    manifest,
    store,
    account: privateKeyToAccount(KEY),
    killSignal: false,
    signal: controller.signal,
    onHead: (block, receivedAt) => {
      headAt = receivedAt
      currentBlock = block.number
    },
    onTiming: (t: TradeTiming) => {
      // The first candidate of a block measures head → opportunity; every sent trade measures opportunity → sent.
      if (!blocksWithTrade.has(currentBlock)) headToOpportunity.push(t.simulateAt - headAt)
      blocksWithTrade.add(currentBlock)
      opportunityToSent.push(t.sentAt! - t.simulateAt)
      simulateToSigned.push(t.signedAt! - t.simulateAt)
      if (opportunityToSent.length >= TRADES) done()
    },
  })
  live.catch((e) => {
    console.error(e)
    done()
  })
  const venues = ['sushiswap', 'uniswap-v2'] as const
  const trader = (async () => {
    for (let i = 0; opportunityToSent.length < TRADES && i < TRADES * 4; i++) {
      await dumpWethOnV2(chain, manifest, venues[i % 2]!, 'USDC', (50n + BigInt(i % 5) * 30n) * 10n ** 18n, { oneBlock: true }).catch(() => {})
    }
    done()
  })()
  await finished
  controller.abort()
  await live.catch(() => {})
  await trader
  const rows = await store.query<{ p50: number; p95: number; n: bigint }>(
    "SELECT quantile_cont(detect_latency_us, 0.5) AS p50, quantile_cont(detect_latency_us, 0.95) AS p95, count(*) AS n FROM opportunities WHERE run_id IN (SELECT run_id FROM runs WHERE mode = 'live')",
  )
  const ms = (xs: number[]) => ({ n: xs.length, p50: +percentile(xs, 50).toFixed(2), p95: +percentile(xs, 95).toFixed(2), max: +Math.max(...xs).toFixed(2) })
  const results = {
    trades: opportunityToSent.length,
    headToOpportunityMs: ms(headToOpportunity),
    opportunityToSentMs: ms(opportunityToSent),
    opportunityToSignedMs: ms(simulateToSigned),
    detectionUs: { n: Number(rows[0]!.n), p50: Math.round(rows[0]!.p50), p95: Math.round(rows[0]!.p95) },
    targetOpportunityToSentP95Ms: 25,
    setup: 'devnet Anvil, interval mining 1 s, trader dumps 50-170 WETH on alternating V2 venues; flash mode; spatial + triangular',
  }
  console.log(JSON.stringify(results, null, 2))
  console.log(`wrote ${writeResult('live', results)}`)
} finally {
  controller.abort()
  await store.close()
  await chain.stop()
  rmSync(dir, { recursive: true, force: true })
}
