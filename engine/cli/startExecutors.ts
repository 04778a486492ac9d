import { availableParallelism } from 'node:os'
import type { Executor } from '../executors/Executor.js'

/**
 * Starts `count` executors (each a fork Anvil) a few at a time: at most one per CPU core starts at once, so
 * a large count never launches all its processes together. If one fails to start, the others started so far
 * are closed and the error is thrown: nothing is left running.
 *
 * @example
 * const executors = await startExecutors(3, () => createForkExecutor({ sourceRpcUrl, manifest }))
 */
export async function startExecutors(count: number, start: () => Promise<Executor>, batchSize = availableParallelism()): Promise<Executor[]> {
  const started: Executor[] = []
  try {
    while (started.length < count) {
      const batch = Math.min(batchSize, count - started.length)
      const results = await Promise.allSettled(Array.from({ length: batch }, start))
      for (const r of results) if (r.status === 'fulfilled') started.push(r.value)
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
      if (failed) throw failed.reason
    }
    return started
  } catch (e) {
    await Promise.allSettled(started.map((x) => x.close()))
    throw e
  }
}
