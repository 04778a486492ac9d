import type { ArchiveUsage } from '../archive/openArchive.js'
import type { Config } from '../config/configSchema.js'
import type { Executor } from '../executors/Executor.js'
import { runEngine } from '../run/runEngine.js'
import { historyEvents } from '../sources/historyEvents.js'
import type { HistorySource } from '../sources/types.js'
import type { Store } from '../store/openStore.js'

export type BacktestProgress = { block: bigint; processed: number; total: number; opportunities: number; executed: number }

export type BacktestOptions = {
  source: HistorySource
  config: Config
  store: Store
  /**
   * Simulate and execute on forks of the source (created by the caller so they can be reused). With several,
   * up to that many blocks are processed at once, each on its own fork, with the rows of a one-executor replay.
   */
  executor: Executor | readonly Executor[]
  /** Continue this run at its first unprocessed block instead of starting a new one. */
  resumeRunId?: string
  /** Printable description of the source for `runs.source` (JSON spec; never a key). */
  sourceSpec: Record<string, unknown>
  /** Most opportunities simulated per block (best first). Default 8. */
  maxPerBlock?: number
  /** Blocks written per DuckDB transaction (fewer when they hold many rows). Default 50. */
  writeEvery?: number
  /** Blocks whose market state is read at once (1 to 256). Default: adapted to the node's latency (engine/archive/readAhead.ts). */
  readAheadDepth?: number
  /** What the source's archive has cost this session; added to the run's row however the run ends. */
  archiveUsage?: () => ArchiveUsage | undefined
  onProgress?: (p: BacktestProgress) => void
  /** Aborting stops after the current block; the run is marked interrupted and can be resumed. */
  signal?: AbortSignal
}

export type BacktestResult = { runId: string; status: 'completed' | 'interrupted'; blocks: number }

/**
 * The backtest: the engine (engine/run/runEngine.ts) on a history source's blocks, executing on forks of the
 * source. After a crash or Ctrl-C, `resumeRunId` continues at the first unwritten block with no duplicate row.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  const executors = Array.isArray(options.executor) ? (options.executor as readonly Executor[]) : [options.executor as Executor]
  const result = await runEngine({
    mode: 'backtest',
    source: historyEvents(options.source),
    config: options.config,
    store: options.store,
    executors,
    sourceSpec: options.sourceSpec,
    resumeRunId: options.resumeRunId,
    maxPerBlock: options.maxPerBlock,
    writeEvery: options.writeEvery,
    signal: options.signal,
    ...(options.readAheadDepth !== undefined ? { readAheadDepth: options.readAheadDepth } : {}),
    ...(options.archiveUsage ? { archiveUsage: options.archiveUsage } : {}),
    onBlock: (r) => options.onProgress?.({ block: r.block.number, processed: r.processed, total: r.total!, opportunities: r.totals.opportunities, executed: r.totals.executed }),
  })
  return { runId: result.runId, status: result.status, blocks: result.blocks }
}
