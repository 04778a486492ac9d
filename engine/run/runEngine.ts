import type { ArchiveUsage } from '../archive/openArchive.js'
import { readAhead as readMarketAhead } from '../archive/readAhead.js'
import { recordArchiveUsage } from '../archive/recordArchiveUsage.js'
import { createRpcClient } from '../chain/createRpcClient.js'
import type { Config } from '../config/configSchema.js'
import { BaseError } from '../errors/BaseError.js'
import type { Executor } from '../executors/Executor.js'
import { markReorged } from '../live/markReorged.js'
import { createMarketReader } from '../market/createMarketReader.js'
import type { MarketState } from '../market/types.js'
import type { BlockRecords } from '../pipeline/blockRecords.js'
import type { ExecutionRow } from '../store/rows/ExecutionRow.js'
import { createBlockProcessor, type BlockOutcome } from '../pipeline/createBlockProcessor.js'
import { createDetectionCache } from '../strategies/createDetectionCache.js'
import { createRiskTurns } from '../pipeline/createRiskTurns.js'
import { readInventory } from '../pipeline/readInventory.js'
import type { HoldCode } from '../pipeline/rejectionCode.js'
import { resolveStrategies } from '../pipeline/resolveStrategies.js'
import { riskLimits } from '../pipeline/riskLimits.js'
import { writeBlocks } from '../pipeline/writeBlocks.js'
import { createRiskManager, type RiskManager } from '../risk/createRiskManager.js'
import type { ChainEvent, EventSource, HistoryBlock, TimedChainEvent } from '../sources/types.js'
import type { Store } from '../store/openStore.js'
import { openRun } from './openRun.js'
import type { RunMode } from './RunMode.js'

/** One processed block, as the engine reports it to its shell (progress bars, metrics, alerts, tests). */
export type BlockReport = BlockOutcome & {
  block: HistoryBlock
  /** When the block's event arrived (performance.now() ms). */
  receivedAt: number
  /** Blocks of the run processed so far (a resumed run counts the blocks before it too). */
  processed: number
  /** Blocks in the run's range; null without an end (live). */
  total: number | null
  /** Running totals of this invocation. */
  totals: { opportunities: number; executed: number }
  /** Why candidates were held instead of sent in this block, if they were. */
  held: HoldCode | undefined
}

export type EngineOptions = {
  mode: RunMode
  source: EventSource
  config: Config
  store: Store
  /**
   * Simulate and execute through these. With several (backtests on forks), up to that many blocks are processed
   * at once, each on its own executor; rows are still written in block order and equal those of one executor
   * (risk limits fed by outcomes decide in block order).
   */
  executors: readonly Executor[]
  /** Printable description of the source for `runs.source` (JSON; never a key). */
  sourceSpec: Record<string, unknown>
  resumeRunId?: string
  /** Most opportunities simulated per block (best first). Default 8. */
  maxPerBlock?: number
  /** Blocks written per DuckDB transaction (fewer when they hold many rows). Default 50; live writes every block. */
  writeEvery?: number
  /**
   * Read the market state of blocks ahead while the current ones are processed. Right for history (a past block's
   * state never changes): a source with an end is read through engine/archive/readAhead.ts, many blocks in flight
   * at a depth adapted to the node's latency, delivered in order. Live turns it off: each head is processed to the
   * end (trades sent, kill switch obeyed) before the next is read. Default true.
   */
  readAhead?: boolean
  /** Fixed read-ahead depth for a historical source (blocks read at once, 1 to 256). Default: adaptive, at most 64. */
  readAheadDepth?: number
  /**
   * What the source's archive node has cost this session (engine/archive/openArchive.ts), added to the run's row
   * when the run ends, whether it completed, was interrupted or failed, so no read paid for goes unrecorded.
   */
  archiveUsage?: () => ArchiveUsage | undefined
  /** The circuit breaker's failures in a row when the config sets none (live never runs without one). */
  defaultMaxConsecutiveFailures?: number
  /** Per block, before it is processed: hold candidates instead of sending them (paper mode, kill switch). */
  holdFor?: (block: HistoryBlock) => HoldCode | undefined
  /** Per block, before its state is read (live: the chain executor's head, kill switch). */
  beforeBlock?: (block: HistoryBlock, receivedAt: number) => void
  /** A block that failed with this error is skipped instead of failing the run (live: a node that stopped answering). */
  skipBlockOn?: (error: unknown, block: HistoryBlock) => boolean
  onBlock?: (report: BlockReport) => void
  /** After a reorg was recorded (live): `marked` opportunities of dropped blocks. */
  onReorg?: (event: Extract<ChainEvent, { type: 'reorg' }>, marked: number) => Promise<void> | void
  /** Once the run row exists, before the first block. */
  onStart?: (info: { runId: string; fromBlock: bigint; risk: RiskManager }) => void
  /** Aborting stops after the current block; the run is marked interrupted (a backtest can then be resumed). */
  signal?: AbortSignal
}

export type EngineResult = { runId: string; status: 'completed' | 'interrupted'; blocks: number; executed: number }

/**
 * The engine, for every mode: sources → strategies → executors. It owns the run row, the setup (inventory,
 * strategies, risk limits, block processors, market reader), the event loop (blocks, and reorgs that historical
 * sources never emit), batched writes with `runs.next_block` in the same transaction (so an interrupted run
 * resumes at its first unwritten block with no duplicate row), progress and the run's status. Backtest, paper and
 * live (engine/backtest/runBacktest.ts, engine/live/runLive.ts) only choose the source, the executors and what is
 * held.
 */
export async function runEngine(options: EngineOptions): Promise<EngineResult> {
  const { source, config, store, executors } = options
  if (executors.length === 0) throw new BaseError('The engine needs at least one executor')
  const manifest = source.manifest
  const writeEvery = options.writeEvery ?? 50
  const readAhead = options.readAhead ?? true
  const rpc = createRpcClient(source.rpcUrl)

  const run = await openRun({ store, mode: options.mode, config, source, sourceSpec: options.sourceSpec, resumeRunId: options.resumeRunId })
  const { runId } = run
  if (run.done) return { runId, status: 'completed', blocks: 0, executed: 0 }

  // The market's one-time reads start now, alongside the inventory read (one round trip less before block one).
  const reader = createMarketReader({ rpc, manifest })
  reader.prepare(run.next)
  // Capital two-step trades what the executor holds at the start of the range (backtest forks reset every block).
  const inventory = await readInventory(rpc, config, manifest, source.fromBlock)
  const strategies = resolveStrategies(config, manifest, inventory)
  const limits = riskLimits(config, manifest)
  const risk = createRiskManager({ ...limits, maxConsecutiveFailures: limits.maxConsecutiveFailures ?? options.defaultMaxConsecutiveFailures })
  // One detection cache per strategy for the run, shared by the processors: each block re-scores what changed.
  const detectionCaches = strategies.map(() => createDetectionCache())
  const processors = executors.map((executor) => createBlockProcessor({ runId, config, manifest, strategies, risk, executor, maxPerBlock: options.maxPerBlock, detectionCaches }))
  // Limits fed by outcomes (daily loss, consecutive failures) must see them in block order: with several
  // executors, each block's risk decisions then take turns. Without such limits, blocks are independent (each
  // fork is reset to its own block), so they run fully in parallel and decide the same way.
  const outcomeLimits = limits.dailyLossLimit !== undefined || limits.maxConsecutiveFailures !== undefined || options.defaultMaxConsecutiveFailures !== undefined
  const turns = processors.length > 1 && outcomeLimits ? createRiskTurns() : undefined

  const total = source.toBlock === null ? null : Number(source.toBlock - source.fromBlock + 1n)
  let processed = Number(run.next - source.fromBlock)
  const totals = { opportunities: 0, executed: 0 }
  let pending: BlockRecords[] = []
  let pendingRows = 0
  let interrupted = false
  // Reorg generation per height: a height processed again after a reorg numbers its opportunities apart.
  const generations = new Map<bigint, number>()
  const seen = new Set<bigint>()
  type InFlight = { block: HistoryBlock; receivedAt: number; held: HoldCode | undefined; outcome: Promise<BlockOutcome | null> }
  // Blocks in flight, oldest first; block k runs on processor k mod N, after that processor's previous block,
  // so with one processor blocks run strictly in order.
  const inflight: InFlight[] = []
  const busy: (Promise<unknown> | undefined)[] = processors.map(() => undefined)

  // Execution rows of trades followed after their block (Executor.send): written with the first batch after they
  // resolve (their opportunities' rows are in that batch or an earlier one), and awaited before the run ends.
  const lateRows: ExecutionRow[] = []
  const lateWaiting = new Set<Promise<void>>()
  const flush = async () => {
    if (pending.length === 0) return
    if (lateRows.length > 0) pending[pending.length - 1]!.executions.push(...lateRows.splice(0))
    await writeBlocks(store, runId, pending, (pending[pending.length - 1]!.block.block_number as bigint) + 1n)
    pending = []
    pendingRows = 0
  }
  const settle = async () => {
    const head = inflight.shift()!
    const outcome = await head.outcome
    if (!outcome) return // skipped (see skipBlockOn)
    for (const late of outcome.late ?? []) {
      const recorded = late.then((row) => void lateRows.push(row))
      lateWaiting.add(recorded)
      // A failure surfaces where the set is awaited, at the end of the run.
      recorded.then(() => lateWaiting.delete(recorded), () => {})
    }
    totals.opportunities += outcome.opportunities
    totals.executed += outcome.executed
    pending.push(outcome.records)
    pendingRows += outcome.records.opportunities.length
    processed++
    // Blocks are written in batches (one DuckDB transaction each); a crash loses at most the unwritten
    // batch, which a resume recomputes identically.
    if (pending.length >= writeEvery || pendingRows >= 2_000) await flush()
    options.onBlock?.({ ...outcome, block: head.block, receivedAt: head.receivedAt, processed, total, totals: { ...totals }, held: head.held })
  }

  // Events with, for a historical source read ahead, the block's market state already read (in order).
  const history = readAhead && source.toBlock !== null
  async function* steps(): AsyncGenerator<{ ev: TimedChainEvent; state?: MarketState }> {
    if (!history) {
      for await (const ev of source.events(run.next)) yield { ev }
      return
    }
    const blocks = (async function* () {
      for await (const ev of source.events(run.next)) {
        if (ev.type === 'reorg') throw new BaseError(`The historical source ${source.name} emitted a reorg`, { details: 'history has no reorgs; a source that follows heads has no last block (toBlock null)' })
        if (ev.type === 'block') yield { number: ev.block.number, timestamp: ev.block.timestamp, baseFee: ev.block.baseFee, ev }
      }
    })()
    for await (const { block, state } of readMarketAhead({ blocks, reader, ...(options.readAheadDepth !== undefined ? { depth: options.readAheadDepth } : {}) })) {
      yield { ev: block.ev, state }
    }
  }

  const recordUsage = async () => {
    const usage = options.archiveUsage?.()
    if (usage) await recordArchiveUsage(store, runId, usage)
  }

  options.onStart?.({ runId, fromBlock: run.next, risk })
  try {
    let k = 0
    for await (const { ev, state: readState } of steps()) {
      if (options.signal?.aborted) {
        interrupted = true
        break
      }
      if (ev.type === 'finalize') continue
      if (ev.type === 'reorg') {
        while (inflight.length > 0) await settle()
        await flush()
        const marked = await markReorged(store, runId, ev.commonAncestor, ev.dropped)
        for (const b of ev.dropped) if (seen.has(b.number)) generations.set(b.number, (generations.get(b.number) ?? 0) + 1)
        await options.onReorg?.(ev, marked)
        continue
      }
      const { block, receivedAt } = ev
      seen.add(block.number)
      options.beforeBlock?.(block, receivedAt)
      const held = options.holdFor?.(block)
      const generation = generations.get(block.number)
      let state = readState
      try {
        // Read in block order: the reader keeps V3/V4 tick maps and re-reads them only where logs say they changed.
        state ??= await reader.read(block)
      } catch (e) {
        if (options.skipBlockOn?.(e, block)) continue
        throw e
      }
      const slot = k++ % processors.length
      const previous = busy[slot]
      const turn = turns?.next()
      const outcome = (async () => {
        await previous?.catch(() => {})
        try {
          return await processors[slot]!.process(block, state, { riskTurn: turn?.wait, hold: held, generation })
        } catch (e) {
          if (options.skipBlockOn?.(e, block)) return null
          throw e
        }
      })().finally(() => turn?.done())
      busy[slot] = outcome
      inflight.push({ block, receivedAt, held, outcome })
      // One block beyond the processors may wait in line: its market state is read (from the source, which
      // never changes under a historical block) while the blocks before it are still simulating and executing.
      while (inflight.length > (readAhead ? processors.length : 0)) await settle()
    }
    while (inflight.length > 0) await settle()
    await flush()
    // Trades still followed: their outcomes (or, past the executor's limit, 'unknown') before the run is closed.
    await Promise.all([...lateWaiting])
    if (lateRows.length > 0) await store.transaction(() => store.append('executions', lateRows.splice(0)))
  } catch (e) {
    // Blocks still in flight finish (or fail) before the run is marked failed and the caller closes anything.
    await Promise.allSettled(inflight.map((i) => i.outcome))
    await store.run("UPDATE runs SET status = 'failed', finished_at = ? WHERE run_id = ?", [new Date(), runId]).catch(() => {})
    await recordUsage().catch(() => {})
    throw e
  }
  await recordUsage()
  // A source without an end stops only when asked to: that is an interruption, not a completion.
  const status = interrupted || source.toBlock === null ? 'interrupted' : 'completed'
  await store.run('UPDATE runs SET status = ?, finished_at = ? WHERE run_id = ?', [status, new Date(), runId])
  return { runId, status, blocks: processed, executed: totals.executed }
}
