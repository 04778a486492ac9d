import { existsSync, readFileSync } from 'node:fs'
import { canonicalJson } from '../config/configHash.js'
import type { Store } from '../store/openStore.js'
import { mergeJobFile, type JobRun } from './mergeJobFile.js'
import type { SweepPlan } from './planSweep.js'
import { resultPaths } from './resultPaths.js'

export type CollectResult = {
  sweepId: string
  status: 'running' | 'completed' | 'failed'
  /** Job files merged by this call, already merged before (skipped), failed jobs, jobs with no result yet. */
  merged: number
  skipped: number
  failed: number
  pending: number
}

/** The run id a grid point's shards are merged into. */
export function pointRunId(sweepId: string, point: number): string {
  return `${sweepId}.p${point}`
}

/**
 * Merges a queued sweep's job files from the results folder into the main store, idempotently: each point
 * becomes one run (`<sweepId>.p<point>`) holding the rows of all its shards, as an unsplit run would;
 * `sweep_jobs` remembers which file (by the run id inside it) was merged, so collecting again merges only new
 * or replaced files. `sweeps`, `sweep_runs` and the point runs' `next_block` and `status` follow what is in.
 */
export async function collectSweep(options: { store: Store; plan: SweepPlan; results: string }): Promise<CollectResult> {
  const { store, plan, results } = options
  const { sweepId } = plan
  const out: CollectResult = { sweepId, status: 'running', merged: 0, skipped: 0, failed: 0, pending: 0 }
  const now = () => new Date()
  const [sweep] = await store.query('SELECT sweep_id FROM sweeps WHERE sweep_id = ?', [sweepId])
  if (!sweep) await store.run('INSERT INTO sweeps VALUES (?, ?, ?, ?, ?, ?, NULL, ?)', [sweepId, plan.grid.name, plan.gridJson, plan.sourceJson, plan.points.length, new Date(plan.createdAt), 'running'])
  const known = new Map(
    (await store.query<{ point: number; shard: number; job_run_id: string | null }>('SELECT point, shard, job_run_id FROM sweep_jobs WHERE sweep_id = ?', [sweepId])).map((r) => [`${r.point}.${r.shard}`, r.job_run_id]),
  )
  const upsertJob = (point: number, shard: number, v: { from?: bigint; to?: bigint; status: string; jobRunId?: string; blocks?: number; started?: Date; finished?: Date | null; error?: string }) =>
    store.run(
      `INSERT INTO sweep_jobs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sweep_id, point, shard) DO UPDATE SET from_block = excluded.from_block, to_block = excluded.to_block, status = excluded.status,
         job_run_id = excluded.job_run_id, blocks = excluded.blocks, started_at = excluded.started_at, finished_at = excluded.finished_at,
         error = excluded.error, collected_at = excluded.collected_at`,
      [sweepId, point, shard, v.from ?? null, v.to ?? null, v.status, v.jobRunId ?? null, v.blocks ?? null, v.started ?? null, v.finished ?? null, v.error ?? null, now()],
    )

  const pointStatuses: string[] = []
  for (const p of plan.points) {
    const runId = pointRunId(sweepId, p.point)
    let firstRun: { run: JobRun; offset: number } | undefined
    for (const s of p.shards) {
      const file = resultPaths.job(results, sweepId, p.point, s.shard)
      const failedFile = resultPaths.failed(results, sweepId, p.point, s.shard)
      if (existsSync(file)) {
        const seen = known.get(`${p.point}.${s.shard}`)
        // The run id inside a job file names the attempt that wrote it: same id, same rows, nothing to do.
        const [inFile] = seen ? await peekRunId(store, file) : [undefined]
        if (seen && inFile === seen) {
          out.skipped++
          continue
        }
        const run = await mergeJobFile(store, {
          file,
          runId,
          inTransaction: async (r, alias) => {
            await ensurePointRun(store, { plan, runId, point: p.point, run: r, alias, offset: s.offset })
            await upsertJob(p.point, s.shard, { from: r.from_block, to: r.to_block, status: 'completed', jobRunId: r.run_id, blocks: s.blocks, started: r.started_at, finished: r.finished_at })
          },
        })
        firstRun ??= { run, offset: s.offset }
        out.merged++
      } else if (existsSync(failedFile)) {
        const error = String((JSON.parse(readFileSync(failedFile, 'utf8')) as { error?: string }).error)
        await upsertJob(p.point, s.shard, { status: 'failed', error })
        out.failed++
      } else {
        await upsertJob(p.point, s.shard, { status: 'pending' })
        out.pending++
      }
    }
    pointStatuses.push(await settlePoint(store, { plan, runId, point: p.point }))
  }
  out.status = pointStatuses.every((s) => s === 'completed') ? 'completed' : pointStatuses.some((s) => s === 'failed') && !pointStatuses.some((s) => s === 'running' || s === 'pending') ? 'failed' : 'running'
  await store.run('UPDATE sweeps SET status = ?, finished_at = ? WHERE sweep_id = ?', [out.status, out.status === 'running' ? null : now(), sweepId])
  return out
}

/** The run id recorded inside a job file, read without merging it. */
async function peekRunId(store: Store, file: string): Promise<[string | undefined]> {
  await store.run(`ATTACH '${file.replace(/'/g, "''")}' AS peek_job (READ_ONLY)`)
  try {
    const [row] = await store.query<{ run_id: string }>('SELECT run_id FROM peek_job.runs')
    return [row?.run_id]
  } finally {
    await store.run('DETACH peek_job')
  }
}

/**
 * Creates the point's run from its first merged shard's run row (the shards share config, chain, manifest and
 * every other run-level column), with the point's whole range.
 */
async function ensurePointRun(store: Store, o: { plan: SweepPlan; runId: string; point: number; run: JobRun; alias: string; offset: number }): Promise<void> {
  const [exists] = await store.query('SELECT run_id FROM runs WHERE run_id = ?', [o.runId])
  if (exists) return
  const from = o.run.from_block - BigInt(o.offset)
  await store.run(
    `INSERT INTO runs BY NAME SELECT * REPLACE (?::VARCHAR AS run_id, NULL::TIMESTAMP AS finished_at, ?::VARCHAR AS source, ?::UBIGINT AS from_block,
       ?::UBIGINT AS to_block, ?::UBIGINT AS next_block, 'running' AS status) FROM ${o.alias}.runs`,
    [o.runId, JSON.stringify({ ...o.plan.source, sweep: o.plan.sweepId, point: o.point }), from, from + BigInt(o.plan.sourceBlocks) - 1n, from],
  )
}

/**
 * Brings a point's run and `sweep_runs` row in line with its shards: `next_block` after the shards merged
 * without a gap from the start, `completed` once all are in, `failed` if one failed for good.
 */
async function settlePoint(store: Store, o: { plan: SweepPlan; runId: string; point: number }): Promise<string> {
  const planned = o.plan.points[o.point]!
  const jobs = await store.query<{ shard: number; status: string; to_block: bigint | null; finished_at: Date | null; started_at: Date | null; error: string | null }>(
    'SELECT shard, status, to_block, finished_at, started_at, error FROM sweep_jobs WHERE sweep_id = ? AND point = ? ORDER BY shard',
    [o.plan.sweepId, o.point],
  )
  const done = jobs.filter((j) => j.status === 'completed')
  const failed = jobs.find((j) => j.status === 'failed')
  const status = done.length === planned.shards.length ? 'completed' : failed ? 'failed' : done.length > 0 ? 'running' : 'pending'
  const [run] = await store.query<{ from_block: bigint }>('SELECT from_block FROM runs WHERE run_id = ?', [o.runId])
  if (run) {
    let next = run.from_block
    for (const [i, j] of jobs.entries()) {
      if (j.shard !== i || j.status !== 'completed' || j.to_block === null) break
      next = j.to_block + 1n
    }
    const finished = status === 'completed' ? new Date(Math.max(...done.map((j) => j.finished_at?.getTime() ?? 0))) : null
    const started = new Date(Math.min(...done.map((j) => j.started_at?.getTime() ?? Date.now())))
    const runStatus = status === 'completed' ? 'completed' : status === 'failed' ? 'failed' : 'running'
    await store.run('UPDATE runs SET next_block = ?, status = ?, finished_at = ?, started_at = ? WHERE run_id = ?', [next, runStatus, finished, started, o.runId])
  }
  await store.run(
    `INSERT INTO sweep_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (sweep_id, point) DO UPDATE SET run_id = excluded.run_id, status = excluded.status, error = excluded.error, updated_at = excluded.updated_at`,
    [o.plan.sweepId, o.point, canonicalJson(planned.params), planned.configHash, run ? o.runId : null, status, failed?.error ?? null, new Date()],
  )
  return status
}
