import { randomBytes } from 'node:crypto'
import { readAhead } from '../archive/readAhead.js'
import { createRpcClient } from '../chain/createRpcClient.js'
import { canonicalJson, configHash } from '../config/configHash.js'
import type { Config } from '../config/configSchema.js'
import { BaseError } from '../errors/BaseError.js'
import type { Executor } from '../executors/Executor.js'
import { createMarketReader } from '../market/createMarketReader.js'
import type { BlockRecords } from '../pipeline/blockRecords.js'
import { createBlockProcessor, type BlockOutcome } from '../pipeline/createBlockProcessor.js'
import { createRiskTurns } from '../pipeline/createRiskTurns.js'
import { readInventory } from '../pipeline/readInventory.js'
import { resolveStrategies } from '../pipeline/resolveStrategies.js'
import { riskLimits } from '../pipeline/riskLimits.js'
import { writeBlocks } from '../pipeline/writeBlocks.js'
import { createRiskManager } from '../risk/createRiskManager.js'
import type { Address } from '../market/types.js'
import type { HistorySource } from '../sources/types.js'
import type { Store } from '../store/openStore.js'

export type BacktestProgress = { block: bigint; processed: number; total: number; opportunities: number; executed: number }

export type BacktestOptions = {
  source: HistorySource
  config: Config
  store: Store
  /**
   * Simulate and execute on forks of the source (created by the caller so they can be reused). With several,
   * up to that many blocks are processed at once, each on its own fork; rows are still written in block
   * order, so resume works the same, and the rows are those of a one-executor replay (risk limits fed by
   * outcomes decide in block order).
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
  onProgress?: (p: BacktestProgress) => void
  /** Aborting stops after the current block; the run is marked interrupted and can be resumed. */
  signal?: AbortSignal
}

export type BacktestResult = { runId: string; status: 'completed' | 'interrupted'; blocks: number }

/**
 * The backtest: for each block of the source, read the market at that block (batched eth_call, no fork),
 * then the shared block pipeline (strategies → simulation on a fork of the block → cost and risk →
 * execution on the fork), and record it. Blocks are written with `runs.next_block` in one transaction, so
 * after a crash or Ctrl-C `resumeRunId` continues at the first unwritten block with no duplicate row.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestResult> {
  const { source, config, store } = options
  const executors = Array.isArray(options.executor) ? (options.executor as readonly Executor[]) : [options.executor as Executor]
  if (executors.length === 0) throw new BaseError('runBacktest needs at least one executor')
  const manifest = source.manifest
  const writeEvery = options.writeEvery ?? 50
  const hash = configHash(config)
  const rpc = createRpcClient(source.rpcUrl)

  let runId: string
  let next: bigint
  if (options.resumeRunId) {
    const [row] = await store.query<{ next_block: bigint; config_hash: string; status: string }>('SELECT next_block, config_hash, status FROM runs WHERE run_id = ?', [options.resumeRunId])
    if (!row) throw new BaseError(`No run ${options.resumeRunId} to resume`, { details: 'see `arb runs`' })
    if (row.config_hash !== hash) throw new BaseError(`Run ${options.resumeRunId} was made with another config (hash ${row.config_hash}, now ${hash})`)
    if (row.status === 'completed') return { runId: options.resumeRunId, status: 'completed', blocks: 0 }
    runId = options.resumeRunId
    next = row.next_block
    await store.run("UPDATE runs SET status = 'running', finished_at = NULL WHERE run_id = ?", [runId])
  } else {
    runId = newRunId()
    next = source.fromBlock
    await store.append('runs', [
      {
        run_id: runId,
        started_at: new Date(),
        finished_at: null,
        mode: 'backtest',
        strategies: JSON.stringify(config.strategies.map((s) => s.name)),
        config_json: canonicalJson(config),
        config_hash: hash,
        source: JSON.stringify(options.sourceSpec),
        chain_id: BigInt(source.chainId),
        from_block: source.fromBlock,
        to_block: source.toBlock,
        next_block: source.fromBlock,
        status: 'running',
        manifest_json: JSON.stringify(manifest),
      },
    ])
  }

  // Capital two-step trades what the executor holds at the start of the range (the fork resets every block).
  const inventory = await readInventory(rpc, config, manifest, source.fromBlock)
  const strategies = resolveStrategies(config, manifest, inventory)
  const limits = riskLimits(config, manifest)
  const risk = createRiskManager(limits)
  const minNetProfit = (token: Address) => limits.minNetProfit?.get(token) ?? 1n
  const processors = executors.map((executor) => createBlockProcessor({ runId, config, manifest, strategies, risk, minNetProfit, executor, maxPerBlock: options.maxPerBlock }))
  const reader = createMarketReader({ rpc, manifest })
  // Limits fed by outcomes (daily loss, consecutive failures) must see them in block order: with several
  // workers, each block's risk decisions then take turns. Without such limits, blocks are independent (each
  // fork is reset to its own block), so they run fully in parallel and decide the same way.
  const turns = processors.length > 1 && (limits.dailyLossLimit !== undefined || limits.maxConsecutiveFailures !== undefined) ? createRiskTurns() : undefined

  const total = Number(source.toBlock - source.fromBlock + 1n)
  let processed = Number(next - source.fromBlock)
  let opportunities = 0
  let executed = 0
  let pending: BlockRecords[] = []
  let pendingRows = 0
  let interrupted = false
  // Blocks in flight, oldest first; block k runs on processor k mod N, after that processor's previous block,
  // so with one processor blocks still run strictly in order.
  const inflight: { block: bigint; outcome: Promise<BlockOutcome> }[] = []
  const busy: (Promise<unknown> | undefined)[] = processors.map(() => undefined)
  const settle = async () => {
    const head = inflight.shift()!
    const outcome = await head.outcome
    opportunities += outcome.opportunities
    executed += outcome.executed
    pending.push(outcome.records)
    pendingRows += outcome.records.opportunities.length
    processed++
    // Blocks are written in batches (one DuckDB transaction each); a crash loses at most the unwritten
    // batch, which a resume recomputes identically.
    if (pending.length >= writeEvery || pendingRows >= 2_000) {
      await writeBlocks(store, runId, pending, head.block + 1n)
      pending = []
      pendingRows = 0
    }
    options.onProgress?.({ block: head.block, processed, total, opportunities, executed })
  }
  try {
    let k = 0
    for await (const { block, state } of readAhead({ source, reader, from: next })) {
      if (options.signal?.aborted) {
        interrupted = true
        break
      }
      const slot = k++ % processors.length
      const previous = busy[slot]
      const turn = turns?.next()
      const outcome = (async () => {
        await previous?.catch(() => {})
        return processors[slot]!.process(block, state, turn?.wait)
      })().finally(() => turn?.done())
      busy[slot] = outcome
      inflight.push({ block: block.number, outcome })
      // One block beyond the processors may wait in line: its market state is read (from the source, which
      // never changes) while the blocks before it are still simulating and executing.
      while (inflight.length > processors.length) await settle()
    }
    while (inflight.length > 0) await settle()
    if (pending.length > 0) {
      await writeBlocks(store, runId, pending, (pending[pending.length - 1]!.block.block_number as bigint) + 1n)
      pending = []
    }
  } catch (e) {
    // Blocks still in flight finish (or fail) before the run is marked failed and the caller closes anything.
    await Promise.allSettled(inflight.map((i) => i.outcome))
    await store.run("UPDATE runs SET status = 'failed', finished_at = ? WHERE run_id = ?", [new Date(), runId]).catch(() => {})
    throw e
  }
  const status = interrupted ? 'interrupted' : 'completed'
  await store.run('UPDATE runs SET status = ?, finished_at = ? WHERE run_id = ?', [status, new Date(), runId])
  return { runId, status, blocks: processed }
}

function newRunId(): string {
  const d = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `r${d}-${randomBytes(3).toString('hex')}`
}
