import { z } from 'zod'
import { zodConfigError } from '../config/zodConfigError.js'

/** The BullMQ queue every sweep's jobs go to; workers listen to it. */
export const QUEUE_NAME = 'alphapulse-backtests'

const sourceSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('scenario'), scenario: z.string(), blocks: z.number().int().min(1), seed: z.number().int() }),
  z.strictObject({ kind: z.literal('dataset'), name: z.string(), from: z.number().int().optional(), to: z.number().int().optional() }),
  z.strictObject({ kind: z.literal('fork'), from: z.number().int().min(0), to: z.number().int().min(0), rpc: z.string(), manifest: z.string().optional() }),
])

/**
 * One job: one config × one block range. The range is relative to the source's first block (`offset`,
 * `blocks`), so a generated scenario, whose block numbers are only known once it is built, shards like a
 * fork range. The config travels raw (amounts as strings) and is checked against `configHash` by the worker.
 * No secret is in here: a fork source's URL is the worker's own `--fork-url`.
 */
export const sweepJobSchema = z.strictObject({
  sweepId: z.string().min(1),
  point: z.number().int().min(0),
  shard: z.number().int().min(0),
  shards: z.number().int().min(1),
  config: z.record(z.string(), z.unknown()),
  configHash: z.string().min(1),
  source: sourceSpecSchema,
  /** Blocks the whole source holds (the worker checks its source has as many). */
  sourceBlocks: z.number().int().min(1),
  offset: z.number().int().min(0),
  blocks: z.number().int().min(1),
  maxPerBlock: z.number().int().min(1),
  /** Results folder as the enqueuing machine sees it; a worker's `--results` overrides it. */
  results: z.string().min(1),
})

export type SweepJobData = z.output<typeof sweepJobSchema>

/** Validates a job's data as read from Redis; a malformed job is a ConfigError (never retried). */
export function parseSweepJob(data: unknown): SweepJobData {
  const parsed = sweepJobSchema.safeParse(data)
  if (!parsed.success) throw zodConfigError(parsed.error, data, 'job data')
  return parsed.data
}

/** The BullMQ job id of a job: deterministic, so enqueueing a sweep twice adds each job once. */
export function sweepJobId(sweepId: string, point: number, shard: number): string {
  return `${sweepId}.p${point}.s${shard}`
}

/** What a job returns to BullMQ when it completes. */
export type SweepJobResult = { runId: string; blocks: number; file: string; elapsedMs: number }

/** What a running job reports as its BullMQ progress. */
export type SweepJobProgress = { blocks: number; total: number }
