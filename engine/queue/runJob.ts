import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { runBacktest } from '../backtest/runBacktest.js'
import type { Anvil } from '../chain/startAnvil.js'
import { createRpcClient } from '../chain/createRpcClient.js'
import { configHash } from '../config/configHash.js'
import { parseConfig } from '../config/parseConfig.js'
import { ConfigError } from '../errors/ConfigError.js'
import { createForkExecutor } from '../executors/createForkExecutor.js'
import { inclusionOf } from '../executors/inclusion/inclusionOf.js'
import { readInventory } from '../pipeline/readInventory.js'
import type { HistorySource } from '../sources/types.js'
import { openStore } from '../store/openStore.js'
import { narrowSource } from './narrowSource.js'
import { resultPaths } from './resultPaths.js'
import type { SweepJobData, SweepJobProgress } from './sweepJob.js'

export type RunJobOptions = {
  job: SweepJobData
  /** The whole source of the sweep (the worker's, shared by its jobs); the job replays its shard of it. */
  source: HistorySource
  /**
   * The fork nodes the job's executors move from block to block (the worker's, reused across jobs). With
   * several, that many blocks are processed at once; the rows are those of one (runBacktest's guarantee).
   */
  anvils: readonly Anvil[]
  /** Results folder (the worker's `--results`, else the job's). */
  results: string
  /** Aborting stops after the current block: the attempt's file is dropped and the result is `interrupted`. */
  signal?: AbortSignal
  onProgress?: (p: SweepJobProgress) => void
}

export type RunJobResult = { status: 'completed'; runId: string; blocks: number; file: string } | { status: 'interrupted' }

/**
 * Runs one job — one config over one block range — as a backtest into a DuckDB file of its own. The attempt
 * writes to a file named for it and renames it to the job's file only once the run is complete, so a job's
 * file is either absent or whole, and a retried job replaces it (idempotent). Errors that no retry can fix
 * (a range outside the source, a config the worker reads differently) are ConfigErrors.
 */
export async function runJob(options: RunJobOptions): Promise<RunJobResult> {
  const { job, source, anvils, results } = options
  const config = parseConfig(job.config, `job ${job.sweepId} point ${job.point}: config`)
  const hash = configHash(config)
  if (hash !== job.configHash) throw new ConfigError('job config', `a config with hash ${job.configHash} (this worker reads it as ${hash}: is it running the same AlphaPulse version?)`)
  const length = Number(source.toBlock - source.fromBlock + 1n)
  if (length !== job.sourceBlocks) throw new ConfigError('job source', `a source of ${job.sourceBlocks} blocks as planned`, `${length} blocks (${source.name})`)
  const from = source.fromBlock + BigInt(job.offset)
  const shard = narrowSource(source, from, from + BigInt(job.blocks) - 1n)
  // Capital two-step trades what the executor holds at the start of the range: a shard must see the same.
  if (from !== source.fromBlock && config.strategies.some((s) => s.name === 'two-step')) {
    const rpc = createRpcClient(source.rpcUrl)
    const [atStart, atShard] = await Promise.all([readInventory(rpc, config, source.manifest, source.fromBlock), readInventory(rpc, config, source.manifest, from)])
    const show = (i: Record<string, bigint>) => JSON.stringify(i, (_, v) => (typeof v === 'bigint' ? v.toString() : v))
    if (show(atStart) !== show(atShard)) {
      throw new ConfigError('--shard-blocks', 'no split of a two-step config whose executor balances change within the range (run it unsplit)', `${show(atStart)} at ${source.fromBlock}, ${show(atShard)} at ${from}`)
    }
  }

  const final = resultPaths.job(results, job.sweepId, job.point, job.shard)
  const partial = resultPaths.partial(results, job.sweepId, job.point, job.shard, randomBytes(4).toString('hex'))
  const jobsDir = resultPaths.jobsDir(results, job.sweepId)
  await mkdir(jobsDir, { recursive: true })
  // Files of earlier attempts of this job (a worker killed mid-job) are garbage now.
  const mine = `p${job.point}-s${job.shard}.`
  for (const f of await readdir(jobsDir)) if (f.startsWith(mine) && f.includes('.partial.duckdb')) await rm(join(jobsDir, f), { force: true })
  const drop = () => Promise.all([rm(partial, { force: true }), rm(`${partial}.wal`, { force: true })])
  const store = await openStore({ path: partial })
  let closed = false
  try {
    const executors = await Promise.all(
      anvils.map((anvil) => createForkExecutor({ sourceRpcUrl: source.rpcUrl, manifest: source.manifest, anvil, chainId: source.chainId, inclusion: inclusionOf(config) })),
    )
    let result
    try {
      result = await runBacktest({
        source: shard,
        config,
        store,
        executor: executors,
        sourceSpec: { ...job.source, sweep: job.sweepId, point: job.point, shard: job.shard },
        maxPerBlock: job.maxPerBlock,
        signal: options.signal,
        onProgress: (p) => options.onProgress?.({ blocks: p.processed, total: p.total }),
      })
    } finally {
      await Promise.all(executors.map((e) => e.close()))
    }
    await store.close()
    closed = true
    if (result.status !== 'completed') {
      await drop()
      return { status: 'interrupted' }
    }
    if (existsSync(`${partial}.wal`)) await rename(`${partial}.wal`, `${final}.wal`)
    else await rm(`${final}.wal`, { force: true })
    await rename(partial, final)
    return { status: 'completed', runId: result.runId, blocks: job.blocks, file: final }
  } catch (e) {
    if (!closed) await store.close().catch(() => {})
    await drop()
    throw e
  }
}
