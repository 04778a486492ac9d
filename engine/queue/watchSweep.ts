import type { Queue } from 'bullmq'
import { enqueueSweep } from './enqueueSweep.js'
import type { SweepPlan } from './planSweep.js'
import { readSweepProgress, type SweepProgress } from './readSweepProgress.js'

export type WatchReport = SweepProgress & { blocksPerSecond: number; elapsedMs: number }

/**
 * Waits for a queued sweep's jobs to end (done or failed), reporting progress every `intervalMs` with the
 * replay speed across all workers (blocks finished or advanced since watching began, per second). Jobs Redis
 * lost (a restart without persistence) are enqueued again. Aborting stops watching; the jobs go on.
 */
export async function watchSweep(options: { queue: Queue; plan: SweepPlan; results: string; intervalMs?: number; signal?: AbortSignal; onReport?: (r: WatchReport) => void }): Promise<WatchReport> {
  const { queue, plan, results, signal } = options
  const started = Date.now()
  let baseline: number | undefined
  for (;;) {
    const progress = await readSweepProgress({ plan, results, queue })
    if (progress.missing.length > 0) await enqueueSweep({ queue, plan, results, only: new Set(progress.missing) })
    baseline ??= progress.blocksDone
    const elapsedMs = Date.now() - started
    const report = { ...progress, elapsedMs, blocksPerSecond: elapsedMs > 0 ? (progress.blocksDone - baseline) / (elapsedMs / 1000) : 0 }
    options.onReport?.(report)
    const { active, waiting, missing } = progress.counts
    if (active + waiting + missing === 0 || signal?.aborted) return report
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, options.intervalMs ?? 1_000)
      signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
    })
  }
}
