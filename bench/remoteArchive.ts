/**
 * A replay over a remote archive node: the real USDC/WETH window (real-usdc-weth-2024-01-05, blocks
 * 18,937,700–18,938,100 re-enacted on a local Anvil, as `arb history import` serves it) behind the project's
 * latency-adding proxy (engine/chain/testing/startRpcProxy.ts) at 0, 40 and 100 ms per HTTP request, replayed
 * with every strategy over blocks 18,937,800–18,938,000 as `arb backtest --fork-url PROXY` does (archive
 * forwarder, read-ahead, 3 workers). Each latency runs with a fresh cache, so it pays every read once; then a
 * second run at 40 ms over the first one's cache shows what a resume or a sweep's next point costs. Rows must
 * be the same in every run. Writes bench/results/remote-archive.json.
 *
 *   npx tsx bench/remoteArchive.ts            # BENCH_LATENCIES=0,40 to run fewer; BENCH_READ_AHEAD=4 for a fixed depth; BENCH_ROUNDS=3 rounds (median)
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBacktest } from '../engine/backtest/runBacktest.js'
import { startRpcProxy } from '../engine/chain/testing/startRpcProxy.js'
import { DEFAULT_CONFIG, DEFAULT_WORKERS } from '../engine/cli/commands/backtest.js'
import { createForkExecutor } from '../engine/executors/createForkExecutor.js'
import { createForkSource } from '../engine/sources/fork/createForkSource.js'
import { createRealHistorySource } from '../engine/sources/real/createRealHistorySource.js'
import { openStore } from '../engine/store/openStore.js'
import { treeCpuMs } from './treeRss.js'
import { writeResult } from './writeResult.js'

const FROM = 18_937_800n
const TO = 18_938_000n
const BLOCKS = Number(TO - FROM + 1n)
const latencies = (process.env.BENCH_LATENCIES ?? '0,40,100').split(',').map(Number)
// A fixed read-ahead depth (1 to 256) instead of the adaptive one, to compare.
const depth = process.env.BENCH_READ_AHEAD ? Number(process.env.BENCH_READ_AHEAD) : undefined
// Interleaved rounds of every latency (1 to 10); the ratios compare medians.
const rounds = Math.min(10, Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3)))

const dir = mkdtempSync(join(tmpdir(), 'arb-bench-remote-'))
const t0 = performance.now()
const archive = await createRealHistorySource({ name: 'real-usdc-weth-2024-01-05', from: 18_937_700n, to: 18_938_100n })
const buildSeconds = (performance.now() - t0) / 1000
process.stderr.write(`local archive ready in ${buildSeconds.toFixed(1)} s: ${archive.rpcUrl}\n`)

type Run = {
  latencyMs: number
  cache: 'cold' | 'warm'
  seconds: number
  blocksPerSecond: number
  requests: number
  calls: number
  requestsPerBlock: number
  cacheHits: number
  bytes: number
  proxyRequests: number
  cpuMs: number
  opportunities: number
  executed: number
  rowsDigest: string
}

async function replay(latencyMs: number, cacheDir: string, label: Run['cache']): Promise<Run> {
  const proxy = await startRpcProxy(archive.rpcUrl, { latencyMs })
  const store = await openStore({ path: join(dir, `run-${latencyMs}-${label}-${Date.now()}.duckdb`) })
  const source = await createForkSource({ rpcUrl: proxy.url, manifest: archive.manifest, from: FROM, to: TO, retries: 3, archive: { cache: cacheDir } })
  const executors = await Promise.all(
    Array.from({ length: DEFAULT_WORKERS }, () => createForkExecutor({ sourceRpcUrl: source.rpcUrl, manifest: source.manifest, chainId: source.chainId, forkBlock: source.fromBlock })),
  )
  try {
    const cpu0 = treeCpuMs(process.pid).total
    const started = performance.now()
    const result = await runBacktest({ source, config: DEFAULT_CONFIG, store, executor: executors, sourceSpec: { kind: 'bench' }, ...(depth !== undefined ? { readAheadDepth: depth } : {}) })
    const seconds = (performance.now() - started) / 1000
    const usage = source.usage()!
    const [counts] = await store.query<{ opportunities: bigint; executed: bigint }>(
      'SELECT (SELECT count(*) FROM opportunities WHERE run_id = $1) AS opportunities, (SELECT count(*) FROM executions WHERE run_id = $1) AS executed',
      [result.runId],
    )
    const [digest] = await store.query<{ d: string }>(
      `SELECT md5(string_agg(row, '|' ORDER BY row)) AS d FROM (
         SELECT concat_ws(',', opportunity_id, strategy, route, amount_in, expected_profit) AS row FROM opportunities WHERE run_id = $1
         UNION ALL SELECT concat_ws(',', opportunity_id, success, simulated_profit, gas_used, net_profit) FROM simulations WHERE run_id = $1
         UNION ALL SELECT concat_ws(',', opportunity_id, success, realized_profit, gas_used, net_profit) FROM executions WHERE run_id = $1
         UNION ALL SELECT concat_ws(',', opportunity_id, reason, detail) FROM rejections WHERE run_id = $1)`,
      [result.runId],
    )
    const run: Run = {
      latencyMs,
      cache: label,
      seconds: Number(seconds.toFixed(2)),
      blocksPerSecond: Number((BLOCKS / seconds).toFixed(1)),
      requests: usage.requests,
      calls: usage.calls,
      requestsPerBlock: Number((usage.requests / BLOCKS).toFixed(3)),
      cacheHits: usage.cacheHits,
      bytes: usage.bytes,
      proxyRequests: proxy.requests(),
      cpuMs: Math.round(treeCpuMs(process.pid).total - cpu0),
      opportunities: Number(counts!.opportunities),
      executed: Number(counts!.executed),
      rowsDigest: digest!.d,
    }
    process.stderr.write(`${JSON.stringify(run)}\n`)
    return run
  } finally {
    await Promise.all(executors.map((e) => e.close()))
    await source.close()
    await store.close()
    await proxy.close()
  }
}

const runs: Run[] = []
try {
  // One unmeasured run first: the first replay in a process pays for compiling and warming caches, which would
  // otherwise be charged to whichever latency goes first (0 ms, the baseline).
  await replay(0, join(dir, 'cache-warmup'), 'cold')
  // Rounds of every latency, interleaved, so a burst of load on the shared machine hits all latencies alike.
  for (let round = 0; round < rounds; round++) {
    for (const latencyMs of latencies) {
      const cacheDir = join(dir, `cache-${latencyMs}-${round}`)
      runs.push(await replay(latencyMs, cacheDir, 'cold'))
      if (round === 0 && (latencyMs === 40 || latencies.length === 1)) runs.push(await replay(latencyMs, cacheDir, 'warm'))
    }
  }
} finally {
  await archive.close()
  rmSync(dir, { recursive: true, force: true })
}

// Per latency, the median of its cold runs' throughput.
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length === 0 ? undefined : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}
const throughput = (ms: number) => median(runs.filter((x) => x.latencyMs === ms && x.cache === 'cold').map((x) => x.blocksPerSecond))
const base = throughput(0)
const ratio = (ms: number) => {
  const r = throughput(ms)
  return base && r ? Number((r / base).toFixed(2)) : undefined
}
const warm = runs.find((r) => r.cache === 'warm')
const cold = warm && runs.find((r) => r.latencyMs === warm.latencyMs && r.cache === 'cold')
const results = {
  dataset: 'real-usdc-weth-2024-01-05',
  archiveRange: [18_937_700, 18_938_100],
  replayRange: [Number(FROM), Number(TO)],
  blocks: BLOCKS,
  workers: DEFAULT_WORKERS,
  readAheadDepth: depth ?? 'adaptive',
  archiveBuildSeconds: Number(buildSeconds.toFixed(1)),
  rounds,
  medianBlocksPerSecond: Object.fromEntries(latencies.map((l) => [`${l}ms`, throughput(l)])),
  throughputRatioTo0ms: Object.fromEntries(latencies.filter((l) => l !== 0).map((l) => [`${l}ms`, ratio(l)])),
  firstVsCachedRun: cold && warm ? { latencyMs: warm.latencyMs, firstRequests: cold.requests, firstCalls: cold.calls, cachedRequests: warm.requests, cachedCalls: warm.calls, cachedBlocksPerSecond: warm.blocksPerSecond } : undefined,
  rowsIdenticalInEveryRun: new Set(runs.map((r) => r.rowsDigest)).size === 1,
  runs,
  loadAverage1m: loadavg()[0],
}
const file = writeResult('remote-archive', results)
process.stdout.write(`${JSON.stringify(results, null, 2)}\n${file}\n`)
