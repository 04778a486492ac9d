import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Queue } from 'bullmq'
import type { SourceSpec } from '../backtest/openSource.js'
import { sweepCommand } from '../cli/commands/sweep.js'
import { runCli } from '../cli/runCli.js'
import { writeManifest } from '../devnet/manifest.js'
import { redactUrl } from '../errors/redactUrl.js'
import { runSweep } from '../research/sweep/runSweep.js'
import type { SweepGrid } from '../research/sweep/sweepGrid.js'
import { plantMispricings, type PlantedChain } from '../research/testing/plantMispricings.js'
import { openStore, type Store } from '../store/openStore.js'
import { collectSweep, pointRunId } from './collectSweep.js'
import { createQueueWorker, type QueueWorker, type WorkerEvent } from './createQueueWorker.js'
import { enqueueSweep } from './enqueueSweep.js'
import { planJobs, planSweep, type SweepPlan } from './planSweep.js'
import { readSweepProgress } from './readSweepProgress.js'
import { resultPaths } from './resultPaths.js'
import { openSweepQueue } from './sweepQueue.js'
import { sweepJobId } from './sweepJob.js'
import { startRedis, type RedisServer } from './testing/startRedis.js'
import { runTables } from './testing/runTables.js'

const dir = mkdtempSync(join(tmpdir(), 'arb-queue-'))
const results = join(dir, 'results')
let redis: RedisServer
let planted: PlantedChain
let queue: Queue
let worker: QueueWorker
let store: Store
let spec: SourceSpec
const events: WorkerEvent[] = []

const grid: SweepGrid = {
  name: 'queued',
  // Named, so the reference runs (runSweep directly) and `arb sweep` (which fills in the source's default) agree.
  base: { strategies: [{ name: 'spatial', startTokens: ['WETH'] }], execution: { inclusion: 'priority' } },
  rankToken: 'WETH',
  axes: [{ path: 'execution.mode', values: ['flash', 'capital'] }],
}

beforeAll(async () => {
  redis = await startRedis()
  planted = await plantMispricings()
  const manifest = join(dir, 'manifest.json')
  await writeManifest(manifest, planted.manifest)
  spec = { kind: 'fork', from: Number(planted.from), to: Number(planted.to), rpc: redactUrl(planted.chain.rpcUrl), manifest }
  queue = openSweepQueue(redis.url)
  store = await openStore({ path: join(dir, 'main.duckdb') })
  worker = await createQueueWorker({ queue: redis.url, concurrency: 2, forksPerJob: 2, forkUrl: planted.chain.rpcUrl, onEvent: (e) => events.push(e) })
}, 120_000)

afterAll(async () => {
  await worker?.stop()
  await queue?.close()
  await store?.close()
  await planted?.stop()
  await redis?.stop()
  rmSync(dir, { recursive: true, force: true })
}, 120_000)

async function waitUntil(plan: SweepPlan, settled: (p: Awaited<ReturnType<typeof readSweepProgress>>) => boolean, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs
  for (;;) {
    const p = await readSweepProgress({ plan, results, queue })
    if (settled(p)) return p
    if (Date.now() > end) throw new Error(`timed out: ${JSON.stringify(p)}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

describe('sweeps on BullMQ workers', () => {
  let plan: SweepPlan

  it('a 2-point grid in 2 shards each gives, once collected, the rows of unsplit local runs', async () => {
    const blocks = Number(planted.to - planted.from + 1n)
    plan = planSweep({ grid, source: spec, shardBlocks: Math.ceil(blocks / 2) })
    expect(plan.points.map((p) => p.shards.length)).toEqual([2, 2])
    const enqueued = await enqueueSweep({ queue, plan, results })
    expect(enqueued).toEqual({ added: 4, retried: 0, done: 0, queued: 0 })
    // Enqueueing again adds nothing: job ids are deterministic.
    expect((await enqueueSweep({ queue, plan, results })).added).toBe(0)
    const progress = await waitUntil(plan, (p) => p.counts.done + p.counts.failed === p.jobs)
    expect(progress.counts).toMatchObject({ done: 4, failed: 0 })
    expect(progress.blocksDone).toBe(2 * blocks)

    const collected = await collectSweep({ store, plan, results })
    expect(collected).toMatchObject({ status: 'completed', merged: 4, skipped: 0, failed: 0, pending: 0 })

    // The same grid run locally, unsplit, on its own store.
    const local = await openStore({ path: join(dir, 'local.duckdb') })
    try {
      const source = await planted.source()
      const sweep = await runSweep({ grid, store: local, source, sourceSpec: { kind: 'test' }, workers: 1 })
      await source.close()
      for (const p of plan.points) {
        const localRun = sweep.ranking.find((r) => r.point === p.point)!.runId!
        const queued = await runTables(store, pointRunId(plan.sweepId, p.point))
        expect(queued.blocks).toHaveLength(blocks)
        expect(queued).toEqual(await runTables(local, localRun))
        // Run-level columns come from the shards' run rows, whatever columns the schema has.
        const runRow = (st: Store, id: string) => st.query('SELECT config_hash, config_json, strategies, inclusion, chain_id, manifest_json FROM runs WHERE run_id = ?', [id])
        expect(await runRow(store, pointRunId(plan.sweepId, p.point))).toEqual(await runRow(local, localRun))
      }
      const executed = await store.query<{ n: bigint }>('SELECT count(*) AS n FROM executions WHERE run_id LIKE ?', [`${plan.sweepId}.p%`])
      expect(executed[0]!.n).toBeGreaterThan(0n)
    } finally {
      await local.close()
    }
    const runs = await store.query<{ run_id: string; status: string; next_block: bigint; from_block: bigint; to_block: bigint }>(
      'SELECT r.run_id, r.status, r.next_block, r.from_block, r.to_block FROM runs r JOIN sweep_runs s USING (run_id) WHERE s.sweep_id = ? ORDER BY r.run_id',
      [plan.sweepId],
    )
    expect(runs).toEqual(plan.points.map((p) => ({ run_id: pointRunId(plan.sweepId, p.point), status: 'completed', next_block: planted.to + 1n, from_block: planted.from, to_block: planted.to })))
    expect(events.filter((e) => e.event === 'job-done')).toHaveLength(4)
  }, 300_000)

  it('collecting again changes nothing; a replaced job file replaces its rows', async () => {
    const before = await runTables(store, pointRunId(plan.sweepId, 1))
    expect(await collectSweep({ store, plan, results })).toMatchObject({ merged: 0, skipped: 4 })
    expect(await runTables(store, pointRunId(plan.sweepId, 1))).toEqual(before)
    const count = async () => (await store.query<{ n: bigint }>('SELECT count(*) AS n FROM opportunities'))[0]!.n
    const rows = await count()
    // Forget that shard 1 of point 1 was merged, as if its job had run again: its rows are replaced, not added.
    await store.run('UPDATE sweep_jobs SET job_run_id = NULL WHERE sweep_id = ? AND point = 1 AND shard = 1', [plan.sweepId])
    expect(await collectSweep({ store, plan, results })).toMatchObject({ merged: 1, skipped: 3 })
    expect(await count()).toBe(rows)
    expect(await runTables(store, pointRunId(plan.sweepId, 1))).toEqual(before)
  })

  it('arb sweep --queue enqueues, shows progress, waits, collects and prints the ranking', async () => {
    const gridPath = join(dir, 'cli.json')
    writeFileSync(gridPath, JSON.stringify({ ...grid, name: 'cli' }))
    const out: string[] = []
    const err: string[] = []
    const [write, writeErr] = [process.stdout.write, process.stderr.write]
    process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write
    process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write
    try {
      process.exitCode = undefined
      const args = ['sweep', '--grid', gridPath, '--queue', redis.url, '--fork-url', planted.chain.rpcUrl, '--from', String(planted.from), '--to', String(planted.to)]
      await runCli([...args, '--manifest', spec.kind === 'fork' ? spec.manifest! : '', '--shard-blocks', '4', '--results', results, '--db', join(dir, 'cli.duckdb')], [sweepCommand])
      expect(process.exitCode ?? 0, err.join('')).toBe(0)
    } finally {
      process.stdout.write = write
      process.stderr.write = writeErr
    }
    const blocks = Number(planted.to - planted.from + 1n)
    const shards = Math.ceil(blocks / 4)
    const log = err.join('')
    expect(log).toMatch(new RegExp(`^sweep cli-[0-9a-f]{12}: ${2 * shards} jobs \\(2 points, ${blocks} blocks each\\); ${2 * shards} enqueued`, 'm'))
    expect(log).toMatch(new RegExp(`^jobs ${2 * shards}: waiting \\d+, active \\d+, done \\d+, failed 0 · \\d+/${2 * blocks} blocks · [\\d.]+ blocks/s$`, 'm'))
    expect(log).toMatch(new RegExp(`^jobs ${2 * shards}: waiting 0, active 0, done ${2 * shards}, failed 0 · ${2 * blocks}/${2 * blocks} blocks`, 'm'))
    expect(log).toContain(`collected ${2 * shards} job files (0 already in), 0 failed, 0 not done`)
    expect(log).not.toContain(planted.chain.rpcUrl)
    const text = out.join('')
    expect(text).toMatch(/^sweep cli-[0-9a-f]{12}  completed  2 points/m)
    expect(text.match(/^\s*[12]\s+[01]\s+(flash|capital)\s+completed\s+cli-[0-9a-f]{12}\.p[01]\s/gm)).toHaveLength(2)
    // Same rows as the 2-shard sweep of the first test: shard size does not change results.
    const cli = await openStore({ path: join(dir, 'cli.duckdb'), readOnly: true })
    try {
      const id = /^sweep (cli-[0-9a-f]{12})/m.exec(text)![1]!
      for (const p of [0, 1]) expect(await runTables(cli, pointRunId(id, p))).toEqual(await runTables(store, pointRunId(plan.sweepId, p)))
    } finally {
      await cli.close()
    }
  }, 300_000)

  it('arb sweep --queue --shard-blocks does not split a config whose limits depend on earlier outcomes, and says so', async () => {
    const gridPath = join(dir, 'breaker.json')
    writeFileSync(gridPath, JSON.stringify({ name: 'breaker', base: { ...grid.base, risk: { maxConsecutiveFailures: 2 } }, axes: [{ path: 'execution.mode', values: ['flash'] }] }))
    const out: string[] = []
    const err: string[] = []
    const [write, writeErr] = [process.stdout.write, process.stderr.write]
    process.stdout.write = ((s: string) => (out.push(String(s)), true)) as typeof process.stdout.write
    process.stderr.write = ((s: string) => (err.push(String(s)), true)) as typeof process.stderr.write
    try {
      process.exitCode = undefined
      const range = ['--fork-url', planted.chain.rpcUrl, '--from', String(planted.from), '--to', String(planted.to), '--manifest', spec.kind === 'fork' ? spec.manifest! : '']
      await runCli(['sweep', '--grid', gridPath, '--queue', redis.url, ...range, '--shard-blocks', '4', '--results', results, '--no-wait'], [sweepCommand])
      expect(process.exitCode ?? 0, err.join('')).toBe(0)
    } finally {
      process.stdout.write = write
      process.stderr.write = writeErr
    }
    expect(err.join('')).toContain('point 0 is not split into shards: risk.maxConsecutiveFailures depends on earlier outcomes, so each runs its whole range as one job')
    expect(out.join('')).toMatch(/^sweep breaker-[0-9a-f]{12}  queued  1 jobs$/m)
  }, 60_000)

  it('a Redis restart loses no finished result: progress and re-enqueueing come from the result files', async () => {
    await redis.restart()
    const progress = await readSweepProgress({ plan, results, queue })
    expect(progress.counts).toMatchObject({ done: 4, missing: 0 })
    expect(await enqueueSweep({ queue, plan, results })).toEqual({ added: 0, retried: 0, done: 4, queued: 0 })
    expect(await queue.getJobCounts('waiting', 'active', 'completed', 'failed')).toEqual({ waiting: 0, active: 0, completed: 0, failed: 0 })
  }, 60_000)

  it('a job over a range outside its source fails at once with its error, without retries', async () => {
    const bad = planSweep({ grid: { ...grid, name: 'bad-range' }, source: spec })
    const [job] = planJobs(bad, results)
    const data = { ...job!.data, offset: bad.sourceBlocks + 5, blocks: 3 }
    const id = sweepJobId(bad.sweepId, 0, 0)
    await queue.add('backtest', data, { jobId: id, attempts: 3, backoff: { type: 'fixed', delay: 100 } })
    const end = Date.now() + 60_000
    while ((await queue.getJobState(id)) !== 'failed') {
      if (Date.now() > end) throw new Error(`job still ${await queue.getJobState(id)}`)
      await new Promise((r) => setTimeout(r, 200))
    }
    const failed = (await queue.getJob(id))!
    expect(failed.attemptsMade).toBe(1)
    expect(failed.failedReason).toMatch(/Invalid job range: expected blocks within the source's \d+–\d+/)
    const marker = JSON.parse(readFileSync(resultPaths.failed(results, bad.sweepId, 0, 0), 'utf8'))
    expect(marker.error).toBe(failed.failedReason)
    expect(existsSync(resultPaths.job(results, bad.sweepId, 0, 0))).toBe(false)
    expect(events.filter((e) => e.event === 'job-failed' && e.job === id)).toEqual([{ event: 'job-failed', job: id, error: failed.failedReason, retry: false }])
  }, 90_000)
})
