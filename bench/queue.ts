// Sweeps on BullMQ workers (issue 16): a 4-point grid over a prebuilt `volatile` scenario, each point split
// into 2 shards (8 jobs), run by 1 worker process, then by 2, through a local redis-server. Checks the two
// give the same rows and reports the throughput ratio. Each worker is a real `arb worker` process forking the
// scenario's node as an archive node, as workers on other machines would.
//   npx tsx bench/queue.ts [blocks=300]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { runArb, type ArbProcess } from '../engine/cli/runArb.js'
import { writeManifest } from '../engine/devnet/manifest.js'
import { collectSweep, pointRunId } from '../engine/queue/collectSweep.js'
import { enqueueSweep } from '../engine/queue/enqueueSweep.js'
import { planSweep, type SweepPlan } from '../engine/queue/planSweep.js'
import { readSweepProgress } from '../engine/queue/readSweepProgress.js'
import { openSweepQueue } from '../engine/queue/sweepQueue.js'
import { startRedis } from '../engine/queue/testing/startRedis.js'
import { runTables } from '../engine/queue/testing/runTables.js'
import { createScenarioSource } from '../engine/sources/scenario/createScenarioSource.js'
import { openStore } from '../engine/store/openStore.js'
import { treeCpuMs } from './treeRss.js'
import { writeResult } from './writeResult.js'

const round = (x: number) => Math.round(x * 100) / 100
const blocks = Number(process.argv[2] ?? 300)
const shardBlocks = Math.ceil(blocks / 2)
const dir = mkdtempSync(join(tmpdir(), 'arb-bench-queue-'))
const redis = await startRedis()
const t0 = performance.now()
const source = await createScenarioSource({ scenario: 'volatile', blocks, seed: 7 })
const buildSeconds = (performance.now() - t0) / 1000
const queue = openSweepQueue(redis.url)
const workers: ArbProcess[] = []
try {
  const manifest = join(dir, 'manifest.json')
  await writeManifest(manifest, source.manifest)
  const grid = {
    name: 'bench-queue',
    base: { strategies: [{ name: 'spatial' }, { name: 'triangular' }, { name: 'multi-hop', maxHops: 3 }] },
    rankToken: 'WETH',
    axes: [
      { path: 'execution.mode', values: ['flash', 'capital'] },
      { path: 'execution.priorityFee', values: ['1000000000', '3000000000'] },
    ],
  }
  const spec = { kind: 'fork' as const, from: Number(source.fromBlock), to: Number(source.toBlock), rpc: source.rpcUrl, manifest }

  const runWith = async (count: number) => {
    const results = join(dir, `results-${count}`)
    const plan: SweepPlan = planSweep({ grid, source: spec, shardBlocks, fresh: true })
    const started = Array.from({ length: count }, () => runArb(['worker', '--queue', redis.url, '--results', results], { env: { ARB_FORK_URL: source.rpcUrl } }))
    workers.push(...started)
    await Promise.all(started.map((w) => w.waitFor(/^ready worker /m, 180_000)))
    const workerCpu = () => started.map((w) => treeCpuMs(w.child.pid!))
    const cpu0 = workerCpu()
    const here0 = treeCpuMs(process.pid).byName
    const t = performance.now()
    await enqueueSweep({ queue, plan, results })
    for (;;) {
      const p = await readSweepProgress({ plan, results, queue })
      if (p.counts.failed > 0) throw new Error(`failed: ${JSON.stringify(p.failures)}`)
      if (p.counts.done === p.jobs) break
      await new Promise((r) => setTimeout(r, 200))
    }
    const seconds = (performance.now() - t) / 1000
    const cpu1 = workerCpu()
    const cpuSeconds = cpu1.reduce((n, c, i) => n + c.total - cpu0[i]!.total, 0) / 1000
    // This process's tree holds the workers and what they share: the source node (anvil) and redis-server.
    const here = treeCpuMs(process.pid).byName
    const inWorkers = (name: string) => cpu1.reduce((n, c, i) => n + (c.byName[name] ?? 0) - (cpu0[i]!.byName[name] ?? 0), 0)
    const sharedCpu = Object.fromEntries(['anvil', 'redis-server'].map((name) => [name, round(((here[name] ?? 0) - (here0[name] ?? 0) - inWorkers(name)) / 1000)]))
    for (const w of started) w.child.kill('SIGTERM')
    await Promise.all(started.map((w) => w.done))
    const store = await openStore({ path: join(dir, `main-${count}.duckdb`) })
    const collected = await collectSweep({ store, plan, results })
    const tables = []
    for (const p of plan.points) tables.push(await runTables(store, pointRunId(plan.sweepId, p.point)))
    // Time the jobs ran, summed: divided by the wall time, how many ran at once on average.
    const [busy] = await store.query<{ ms: number }>('SELECT sum(epoch_ms(finished_at) - epoch_ms(started_at))::DOUBLE AS ms FROM sweep_jobs WHERE sweep_id = ?', [plan.sweepId])
    await store.close()
    const jobs = plan.points.reduce((n, p) => n + p.shards.length, 0)
    console.log(`${count} worker(s): ${jobs} jobs, ${((4 * blocks) / seconds).toFixed(1)} blocks/s over ${seconds.toFixed(1)} s (${collected.status})`)
    return { seconds, cpuSeconds, sharedCpu, jobs, tables, blocksPerSecond: (4 * blocks) / seconds, jobsAtOnce: busy!.ms / 1000 / seconds, loadAverage: loadavg()[0] ?? 0 }
  }

  const one = await runWith(1)
  const two = await runWith(2)
  const same = JSON.stringify(one.tables, (_, v) => (typeof v === 'bigint' ? v.toString() : v)) === JSON.stringify(two.tables, (_, v) => (typeof v === 'bigint' ? v.toString() : v))
  const rows = one.tables.reduce((n, t) => n + t.blocks.length + t.opportunities.length + t.simulations.length + t.executions.length + t.rejections.length, 0)
  const executions = one.tables.reduce((n, t) => n + t.executions.length, 0)
  const file = writeResult('queue', {
    scenario: { name: 'volatile', seed: 7, blocks, buildSeconds: round(buildSeconds) },
    grid: { points: 4, shardsPerPoint: 2, jobs: one.jobs, blocksReplayed: 4 * blocks },
    oneWorker: { seconds: round(one.seconds), blocksPerSecond: round(one.blocksPerSecond), jobsAtOnce: round(one.jobsAtOnce), workerCpuSeconds: round(one.cpuSeconds), sharedCpuSeconds: one.sharedCpu, loadAverage: round(one.loadAverage) },
    twoWorkers: { seconds: round(two.seconds), blocksPerSecond: round(two.blocksPerSecond), jobsAtOnce: round(two.jobsAtOnce), workerCpuSeconds: round(two.cpuSeconds), sharedCpuSeconds: two.sharedCpu, loadAverage: round(two.loadAverage) },
    throughputRatio: round(one.seconds / two.seconds),
    sameRows: same,
    rows,
    executions,
    note: 'one 2-core machine shared with other work (loadAverage: 1-minute load when the run ended): two workers compete for the same two cores with the source node and Redis; jobsAtOnce = summed job time / wall time',
  })
  console.log(`same rows: ${same} (${rows} rows, ${executions} executions); 2 vs 1 worker throughput ×${round(one.seconds / two.seconds)}; ${file}`)
  if (!same) process.exitCode = 1
} finally {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL')
  await queue.close()
  await source.close()
  await redis.stop()
  rmSync(dir, { recursive: true, force: true })
}
