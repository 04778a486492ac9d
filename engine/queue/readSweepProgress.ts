import { existsSync, readFileSync } from 'node:fs'
import type { Queue } from 'bullmq'
import { planJobs, type SweepPlan } from './planSweep.js'
import { resultPaths } from './resultPaths.js'
import type { SweepJobData, SweepJobProgress } from './sweepJob.js'

/** Where a job stands: `missing` = neither a result nor a job in Redis (Redis lost it); `pending` = not known without a queue. */
export type JobStatus = 'done' | 'failed' | 'active' | 'waiting' | 'missing' | 'pending'

export type SweepProgress = {
  jobs: number
  counts: Record<JobStatus, number>
  /** Blocks replayed: every block of finished jobs plus the progress of running ones. */
  blocksDone: number
  blocksTotal: number
  failures: { job: string; error: string }[]
  /** Ids of the jobs Redis does not know and that have no result. */
  missing: string[]
  /** Per grid point: its jobs by status. */
  points: { point: number; params: Record<string, unknown>; shards: number; counts: Record<JobStatus, number> }[]
}

/**
 * A sweep's progress: finished and failed jobs from the results folder (they survive a Redis restart),
 * the others from BullMQ (waiting, active with its block progress, or missing). Without a queue, jobs
 * with no file are `pending`.
 */
export async function readSweepProgress(options: { plan: SweepPlan; results: string; queue?: Queue }): Promise<SweepProgress> {
  const { plan, results, queue } = options
  const counts: Record<JobStatus, number> = { done: 0, failed: 0, active: 0, waiting: 0, missing: 0, pending: 0 }
  const out: SweepProgress = { jobs: 0, counts, blocksDone: 0, blocksTotal: 0, failures: [], missing: [], points: [] }
  const zero = (): Record<JobStatus, number> => ({ done: 0, failed: 0, active: 0, waiting: 0, missing: 0, pending: 0 })
  for (const p of plan.points) out.points.push({ point: p.point, params: p.params, shards: p.shards.length, counts: zero() })
  for (const { id, data } of planJobs(plan, results)) {
    const status = await jobStatus(id, data)
    counts[status]++
    out.points[data.point]!.counts[status]++
  }
  return out

  async function jobStatus(id: string, data: SweepJobData): Promise<JobStatus> {
    out.jobs++
    out.blocksTotal += data.blocks
    if (existsSync(resultPaths.job(results, plan.sweepId, data.point, data.shard))) {
      out.blocksDone += data.blocks
      return 'done'
    }
    const failedFile = resultPaths.failed(results, plan.sweepId, data.point, data.shard)
    if (existsSync(failedFile)) {
      out.failures.push({ job: id, error: String((JSON.parse(readFileSync(failedFile, 'utf8')) as { error?: string }).error) })
      return 'failed'
    }
    if (!queue) return 'pending'
    const state = await queue.getJobState(id)
    if (state === 'completed') {
      out.blocksDone += data.blocks
      return 'done'
    }
    if (state === 'failed') {
      out.failures.push({ job: id, error: (await queue.getJob(id))?.failedReason ?? 'failed' })
      return 'failed'
    }
    if (state === 'active') {
      const progress = (await queue.getJob(id))?.progress as SweepJobProgress | number | undefined
      if (progress && typeof progress === 'object') out.blocksDone += progress.blocks
      return 'active'
    }
    if (state === 'unknown') {
      out.missing.push(id)
      return 'missing'
    }
    return 'waiting'
  }
}
