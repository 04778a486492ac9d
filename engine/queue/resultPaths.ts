import { join } from 'node:path'

/**
 * Where a sweep's files live in the results folder shared by the workers:
 * `DIR/<sweepId>/sweep.json` (the plan), `DIR/<sweepId>/jobs/p<point>-s<shard>.duckdb` (a finished job's
 * rows; appears only complete, by rename), `….failed.json` (a job that failed for good, with its error).
 */
export const resultPaths = {
  sweepDir: (results: string, sweepId: string) => join(results, sweepId),
  plan: (results: string, sweepId: string) => join(results, sweepId, 'sweep.json'),
  jobsDir: (results: string, sweepId: string) => join(results, sweepId, 'jobs'),
  job: (results: string, sweepId: string, point: number, shard: number) => join(results, sweepId, 'jobs', `p${point}-s${shard}.duckdb`),
  failed: (results: string, sweepId: string, point: number, shard: number) => join(results, sweepId, 'jobs', `p${point}-s${shard}.failed.json`),
  /** One attempt's file while it runs; renamed to `job` when the run completes. */
  partial: (results: string, sweepId: string, point: number, shard: number, attempt: string) =>
    join(results, sweepId, 'jobs', `p${point}-s${shard}.${attempt}.partial.duckdb`),
}
