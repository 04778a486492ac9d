import { existsSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import type { Queue } from 'bullmq'
import { planJobs, type SweepPlan } from './planSweep.js'
import { resultPaths } from './resultPaths.js'

export type EnqueueResult = { added: number; retried: number; done: number; queued: number }

/**
 * Puts a planned sweep on the queue: writes its plan to `DIR/<sweepId>/sweep.json`, then adds every job
 * that has no result file yet. Idempotent: job ids are deterministic, so a job already waiting or running is
 * left alone, a job that failed is retried, and a job whose result file exists is not run again — also after
 * Redis lost its data, since finished results live in the results folder.
 * `only` limits it to those job ids (re-adding jobs Redis lost while a sweep is watched).
 */
export async function enqueueSweep(options: { queue: Queue; plan: SweepPlan; results: string; attempts?: number; only?: ReadonlySet<string> }): Promise<EnqueueResult> {
  const { queue, plan, results } = options
  await mkdir(resultPaths.jobsDir(results, plan.sweepId), { recursive: true })
  const planFile = resultPaths.plan(results, plan.sweepId)
  if (!existsSync(planFile)) await writeFile(planFile, `${JSON.stringify(plan, null, 2)}\n`)
  const out: EnqueueResult = { added: 0, retried: 0, done: 0, queued: 0 }
  const toAdd: ReturnType<typeof planJobs> = []
  for (const job of planJobs(plan, results)) {
    if (options.only && !options.only.has(job.id)) continue
    const { point, shard } = job.data
    if (existsSync(resultPaths.job(results, plan.sweepId, point, shard))) {
      out.done++
      continue
    }
    const existing = await queue.getJob(job.id)
    const state = existing ? await existing.getState() : 'unknown'
    if (existing && state === 'failed') {
      await rm(resultPaths.failed(results, plan.sweepId, point, shard), { force: true })
      await existing.retry('failed')
      out.retried++
    } else if (existing && state === 'completed') {
      // Completed, but its file is not in this results folder (deleted, or another folder): run it again.
      await existing.remove()
      toAdd.push(job)
    } else if (existing && state !== 'unknown') {
      out.queued++
    } else {
      await rm(resultPaths.failed(results, plan.sweepId, point, shard), { force: true })
      toAdd.push(job)
    }
  }
  const attempts = options.attempts ?? 3
  await queue.addBulk(
    toAdd.map((j) => ({
      name: 'backtest',
      data: j.data,
      opts: { jobId: j.id, attempts, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: false, removeOnFail: false },
    })),
  )
  out.added = toAdd.length
  return out
}
