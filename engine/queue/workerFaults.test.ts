import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Queue } from 'bullmq'
import { childPids } from '../chain/childPids.js'
import { runArb, type ArbProcess } from '../cli/runArb.js'
import { writeManifest } from '../devnet/manifest.js'
import { runSweep } from '../research/sweep/runSweep.js'
import { plantMispricings, type PlantedChain } from '../research/testing/plantMispricings.js'
import { openStore } from '../store/openStore.js'
import { pointRunId } from './collectSweep.js'
import type { SweepJobProgress } from './sweepJob.js'
import { openSweepQueue } from './sweepQueue.js'
import { startRedis, type RedisServer } from './testing/startRedis.js'
import { runTables } from './testing/runTables.js'

const dir = mkdtempSync(join(tmpdir(), 'arb-worker-faults-'))
const results = join(dir, 'results')
const db = join(dir, 'main.duckdb')
let redis: RedisServer
let planted: PlantedChain
let queue: Queue
const started: ArbProcess[] = []
const strays: number[] = []
const log: string[] = []

// The inclusion model is named, so the reference run and the CLI's (which fills in the source's default) agree.
const base = { strategies: [{ name: 'spatial', startTokens: ['WETH'] }], execution: { inclusion: 'priority' } }

beforeAll(async () => {
  redis = await startRedis()
  // Long quiet stretches between the planted dumps: jobs last long enough to be stopped and killed mid-range.
  planted = await plantMispricings({ gap: 80 })
  queue = openSweepQueue(redis.url)
}, 180_000)

afterAll(async () => {
  for (const p of started) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) continue
    strays.push(...childPids(p.child.pid!))
    p.child.kill('SIGKILL')
  }
  for (const pid of strays) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {}
  }
  await queue?.close()
  await planted?.stop()
  await redis?.stop()
  rmSync(dir, { recursive: true, force: true })
}, 120_000)

function worker(): ArbProcess {
  const w = runArb(['worker', '--queue', redis.url, '--results', results, '--lock-duration', '2000', '--stalled-interval', '1000'], { env: { ARB_FORK_URL: planted.chain.rpcUrl } })
  started.push(w)
  w.child.stderr!.on('data', (d) => log.push(`${started.length}: ${d}`))
  return w
}

/** Waits until some job is active and has replayed at least one block; returns its id. */
async function activeWithProgress(timeoutMs = 120_000): Promise<string> {
  const end = Date.now() + timeoutMs
  for (;;) {
    for (const job of await queue.getJobs(['active'])) {
      const p = job.progress as SweepJobProgress | number
      if (typeof p === 'object' && p.blocks > 0 && p.blocks < p.total) return job.id!
    }
    if (Date.now() > end) throw new Error('no job made progress')
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe('arb worker faults', () => {
  it('SIGTERM puts the job back; kill -9 loses it until the stall check; the collected tables equal an undisturbed run', async () => {
    const gridPath = join(dir, 'grid.json')
    writeFileSync(gridPath, JSON.stringify({ name: 'faults', base, axes: [{ path: 'execution.mode', values: ['flash'] }] }))
    const manifest = join(dir, 'manifest.json')
    await writeManifest(manifest, planted.manifest)
    const blocks = Number(planted.to - planted.from + 1n)
    const range = ['--fork-url', planted.chain.rpcUrl, '--from', String(planted.from), '--to', String(planted.to), '--manifest', manifest]
    const enqueue = await runArb(['sweep', '--grid', gridPath, '--queue', redis.url, ...range, '--shard-blocks', String(Math.ceil(blocks / 2)), '--results', results, '--db', db, '--no-wait']).done
    expect(enqueue.code, enqueue.stderr).toBe(0)
    const sweepId = /^sweep (\S+)  queued  2 jobs$/m.exec(enqueue.stdout)![1]!
    expect(enqueue.stderr).not.toContain(planted.chain.rpcUrl)

    // SIGTERM: the worker stops after its current block, its job goes back to waiting, not counted as an attempt.
    const a = worker()
    await a.waitFor(/^ready worker /m)
    const first = await activeWithProgress()
    a.child.kill('SIGTERM')
    const aDone = await a.done
    expect(aDone.code, aDone.stderr).toBe(0)
    expect(aDone.stderr).toContain('"event":"job-requeued"')
    expect(await queue.getJobState(first)).toBe('waiting')
    expect((await queue.getJob(first))!.attemptsMade).toBe(0)

    // kill -9: no handler runs; the job stays active under a lock nobody renews.
    const b = worker()
    await b.waitFor(/^ready worker /m)
    const killed = await activeWithProgress()
    const anvils = childPids(b.child.pid!)
    strays.push(...anvils)
    b.child.kill('SIGKILL')
    await b.done
    for (const pid of anvils) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {}
    }
    expect(await queue.getJobState(killed)).toBe('active')

    // Another worker's stall check puts it back once the lock expires, and runs it.
    const c = worker()
    await c.waitFor(/^ready worker /m)
    const end = Date.now() + 240_000
    while (((await queue.getJobCounts('completed')).completed ?? 0) < 2) {
      if (c.child.exitCode !== null || Date.now() > end) throw new Error(`jobs ${JSON.stringify(await queue.getJobCounts())}; worker log:\n${log.join('')}`)
      await new Promise((r) => setTimeout(r, 500))
    }
    const status = await runArb(['sweep', 'status', sweepId, '--queue', redis.url, '--results', results]).done
    expect(status.code, status.stderr).toBe(0)
    expect(status.stdout).toMatch(new RegExp(`^sweep ${sweepId}  completed  1 points\\njobs 2: waiting 0, active 0, done 2, failed 0 · ${blocks}/${blocks} blocks`, 'm'))
    expect(status.stdout).toMatch(/^point\s+execution\.mode\s+jobs\s+done\s+active\s+waiting\s+failed$/m)
    expect(status.stdout).toMatch(/^0\s+flash\s+2\s+2\s+0\s+0\s+0$/m)
    c.child.kill('SIGTERM')
    expect((await c.done).code).toBe(0)
    expect(readdirSync(join(results, sweepId, 'jobs')).sort()).toEqual(['p0-s0.duckdb', 'p0-s1.duckdb'])

    const collect = await runArb(['sweep', 'collect', sweepId, '--results', results, '--db', db]).done
    expect(collect.code, collect.stderr).toBe(0)
    expect(collect.stdout).toMatch(new RegExp(`^sweep ${sweepId}  completed  1 points`, 'm'))
    expect(collect.stdout).toMatch(/^\s*1\s+0\s+flash\s+completed\s+faults-/m)

    // The same config over the same blocks, unsplit and undisturbed: the local sweep of the same grid.
    const reference = await openStore({ path: join(dir, 'reference.duckdb') })
    const source = await planted.source()
    try {
      const local = await runSweep({ grid: { name: 'faults', base, rankToken: 'WETH', axes: [{ path: 'execution.mode', values: ['flash'] }] }, store: reference, source, sourceSpec: { kind: 'test' }, workers: 1 })
      const main = await openStore({ path: db, readOnly: true })
      try {
        const queued = await runTables(main, pointRunId(sweepId, 0))
        expect(queued.blocks).toHaveLength(blocks)
        expect(queued.executions.length).toBeGreaterThan(0)
        expect(queued).toEqual(await runTables(reference, local.ranking[0]!.runId!))
      } finally {
        await main.close()
      }
    } finally {
      await source.close()
      await reference.close()
    }
  }, 600_000)
})
