import { hostname } from 'node:os'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { UnrecoverableError, WaitingError, Worker, type Job } from 'bullmq'
import { openSource } from '../backtest/openSource.js'
import type { Anvil } from '../chain/startAnvil.js'
import { canonicalJson } from '../config/configHash.js'
import { BaseError } from '../errors/BaseError.js'
import { ConfigError } from '../errors/ConfigError.js'
import { redactUrl } from '../errors/redactUrl.js'
import { startForkNode } from '../executors/startForkNode.js'
import type { HistorySource } from '../sources/types.js'
import { redisConnection } from './redisConnection.js'
import { resultPaths } from './resultPaths.js'
import { runJob } from './runJob.js'
import { parseSweepJob, QUEUE_NAME, type SweepJobData, type SweepJobResult } from './sweepJob.js'

/** What a worker reports, one object per event (the CLI prints them as JSON lines). */
export type WorkerEvent =
  | { event: 'job-start'; job: string; attempt: number; blocks: number }
  | { event: 'job-done'; job: string; blocks: number; elapsedMs: number; blocksPerSecond: number }
  | { event: 'job-requeued'; job: string; reason: 'worker stopping' }
  | { event: 'job-failed'; job: string; error: string; retry: boolean }
  | { event: 'worker-error'; error: string }

export type QueueWorkerOptions = {
  /** Redis URL, `redis://HOST:PORT`. */
  queue: string
  /** Jobs run at once. Default 1. */
  concurrency?: number
  /** Anvil forks per running job: blocks of a job processed at once, same rows. Default 1. */
  forksPerJob?: number
  /** The shared results folder as this machine sees it (default: the folder named in each job). */
  results?: string
  /** The archive node for jobs over a fork source (never stored, never sent to Redis). */
  forkUrl?: string
  /** How long a job's lock lasts without renewal (BullMQ `lockDuration`). Default 30 s. */
  lockDurationMs?: number
  /** How often stalled jobs (a worker that died) are looked for and put back (BullMQ `stalledInterval`). Default 30 s. */
  stalledIntervalMs?: number
  onEvent?: (e: WorkerEvent) => void
}

export type QueueWorker = {
  /**
   * Stops cleanly: running jobs stop after their current block and go back to the queue (their attempt's
   * file is dropped), then the worker's Anvils and sources are stopped. Idempotent.
   */
  stop(): Promise<void>
}

/**
 * A BullMQ worker for sweep jobs: pulls jobs from Redis and runs each (`runJob`) with this machine's own
 * Anvils, `forksPerJob` forks per running job, and one source per source spec, built once and shared by its jobs.
 * Retries, stalled-job recovery (a worker killed mid-job: its job is picked up again once its lock expires)
 * and progress are BullMQ's. A job that cannot succeed (bad range, bad config) fails at once, without retry,
 * and leaves `<job>.failed.json` next to where its result would be.
 */
export async function createQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const connection = redisConnection(options.queue)
  const emit = options.onEvent ?? (() => {})
  const controller = new AbortController()
  const sources = new Map<string, Promise<HistorySource>>()
  const idle = new Map<string, Anvil[]>()
  const busy = new Set<Anvil>()

  const sourceFor = (spec: SweepJobData['source']): Promise<HistorySource> => {
    const key = canonicalJson(spec)
    let source = sources.get(key)
    if (!source) {
      if (spec.kind === 'fork' && !options.forkUrl) {
        return Promise.reject(new BaseError(`Worker ${hostname()} has no --fork-url for a job over a fork source`, { details: 'start workers with --fork-url (or ARB_FORK_URL)', retryable: true }))
      }
      source = openSource(spec, { forkUrl: options.forkUrl })
      sources.set(key, source)
      source.catch(() => sources.delete(key))
    }
    return source
  }
  const acquire = async (source: HistorySource): Promise<Anvil[]> => {
    const anvils: Anvil[] = []
    try {
      for (let i = 0; i < (options.forksPerJob ?? 1); i++) {
        const anvil = idle.get(source.name)?.pop() ?? (await startForkNode(source.rpcUrl, source.chainId))
        busy.add(anvil)
        anvils.push(anvil)
      }
    } catch (e) {
      await release(source, anvils, true)
      throw e
    }
    return anvils
  }
  const release = async (source: HistorySource, anvils: Anvil[], reuse: boolean) => {
    for (const anvil of anvils) busy.delete(anvil)
    if (reuse && !controller.signal.aborted) idle.set(source.name, [...(idle.get(source.name) ?? []), ...anvils])
    else await Promise.allSettled(anvils.map((a) => a.stop()))
  }

  // Errors go to Redis, the failed marker and the log: never with this worker's archive URL in them.
  const firstLine = (e: unknown) => {
    const line = (e instanceof BaseError ? e.shortMessage : e instanceof Error ? e.message : String(e)).split('\n')[0]!
    return options.forkUrl ? line.split(options.forkUrl).join(redactUrl(options.forkUrl)) : line
  }

  const processJob = async (job: Job, token?: string): Promise<SweepJobResult> => {
    const id = job.id ?? '?'
    let data: SweepJobData
    try {
      data = parseSweepJob(job.data)
    } catch (e) {
      emit({ event: 'job-failed', job: id, error: firstLine(e), retry: false })
      throw new UnrecoverableError(firstLine(e))
    }
    const results = options.results ?? data.results
    const started = Date.now()
    let source: HistorySource | undefined
    let anvils: Anvil[] | undefined
    let reuse = true
    try {
      emit({ event: 'job-start', job: id, attempt: job.attemptsMade + 1, blocks: data.blocks })
      source = await sourceFor(data.source)
      anvils = await acquire(source)
      let reported = 0
      const result = await runJob({
        job: data,
        source,
        anvils,
        results,
        signal: controller.signal,
        onProgress: (p) => {
          if (Date.now() - reported < 1_000 && p.blocks < p.total) return
          reported = Date.now()
          job.updateProgress(p).catch(() => {})
        },
      })
      if (result.status === 'interrupted') {
        await job.moveToWait(token)
        emit({ event: 'job-requeued', job: id, reason: 'worker stopping' })
        throw new WaitingError()
      }
      await rm(resultPaths.failed(results, data.sweepId, data.point, data.shard), { force: true })
      const elapsedMs = Date.now() - started
      emit({ event: 'job-done', job: id, blocks: result.blocks, elapsedMs, blocksPerSecond: result.blocks / (elapsedMs / 1000) })
      return { runId: result.runId, blocks: result.blocks, file: result.file, elapsedMs }
    } catch (e) {
      if (e instanceof WaitingError) throw e
      // A user's mistake (bad range, bad config) fails now; anything else is retried while attempts remain.
      const permanent = e instanceof ConfigError
      const last = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1)
      if (!(e instanceof BaseError)) reuse = false
      const error = firstLine(e)
      emit({ event: 'job-failed', job: id, error, retry: !last })
      if (last) {
        const failed = resultPaths.failed(results, data.sweepId, data.point, data.shard)
        await mkdir(dirname(failed), { recursive: true }).catch(() => {})
        await writeFile(failed, `${JSON.stringify({ job: id, error, attempts: job.attemptsMade + 1, at: new Date().toISOString() })}\n`).catch(() => {})
      }
      throw permanent ? new UnrecoverableError(error) : e
    } finally {
      if (source && anvils) await release(source, anvils, reuse)
    }
  }

  const worker = new Worker(QUEUE_NAME, processJob, {
    connection,
    concurrency: options.concurrency ?? 1,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    // A job is put back at most this many times after its worker died, then fails.
    maxStalledCount: 3,
    autorun: false,
  })
  worker.on('error', (e) => emit({ event: 'worker-error', error: firstLine(e) }))
  void worker.run().catch((e) => emit({ event: 'worker-error', error: firstLine(e) }))
  await worker.waitUntilReady()

  let stopping: Promise<void> | undefined
  return {
    stop() {
      stopping ??= (async () => {
        controller.abort()
        await worker.close()
        const anvils = [...[...idle.values()].flat(), ...busy]
        idle.clear()
        await Promise.allSettled(anvils.map((a) => a.stop()))
        const opened = await Promise.allSettled(sources.values())
        await Promise.allSettled(opened.map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)))
      })()
      return stopping
    },
  }
}
