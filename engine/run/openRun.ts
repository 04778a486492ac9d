import { canonicalJson, configHash } from '../config/configHash.js'
import { storableConfig } from '../config/storableConfig.js'
import type { Config } from '../config/configSchema.js'
import { BaseError } from '../errors/BaseError.js'
import { formatInclusion } from '../executors/inclusion/InclusionModel.js'
import { inclusionOf } from '../executors/inclusion/inclusionOf.js'
import type { EventSource } from '../sources/types.js'
import type { Store } from '../store/openStore.js'
import { newRunId } from './newRunId.js'
import type { RunMode } from './RunMode.js'

export type OpenRunOptions = {
  store: Store
  mode: RunMode
  config: Config
  source: EventSource
  /** Printable description of the source for `runs.source` (JSON; never a key). */
  sourceSpec: Record<string, unknown>
  /** Continue this run at its first unwritten block instead of starting a new one. */
  resumeRunId?: string
}

/** A run ready to process: its id and the first block to process. `done` when a resumed run had already completed. */
export type OpenedRun = { runId: string; next: bigint; done: boolean }

/**
 * Creates the `runs` row of a new run (status `running`), or reopens an interrupted one after checking it was made
 * with the same config. The stored config never holds an RPC URL (it may carry a key): `storableConfig`.
 */
export async function openRun(options: OpenRunOptions): Promise<OpenedRun> {
  const { store, mode, config, source } = options
  const hash = configHash(config)
  if (options.resumeRunId) {
    const runId = options.resumeRunId
    const [row] = await store.query<{ next_block: bigint; config_hash: string; status: string }>('SELECT next_block, config_hash, status FROM runs WHERE run_id = ?', [runId])
    if (!row) throw new BaseError(`No run ${runId} to resume`, { details: 'see `arb runs`' })
    if (row.config_hash !== hash) throw new BaseError(`Run ${runId} was made with another config (hash ${row.config_hash}, now ${hash})`)
    if (row.status === 'completed') return { runId, next: row.next_block, done: true }
    await store.run("UPDATE runs SET status = 'running', finished_at = NULL WHERE run_id = ?", [runId])
    return { runId, next: row.next_block, done: false }
  }
  const runId = newRunId(mode)
  await store.append('runs', [
    {
      run_id: runId,
      started_at: new Date(),
      finished_at: null,
      mode,
      strategies: JSON.stringify(config.strategies.map((s) => s.name)),
      config_json: canonicalJson(storableConfig(config)),
      config_hash: hash,
      source: JSON.stringify(options.sourceSpec),
      chain_id: BigInt(source.chainId),
      from_block: source.fromBlock,
      to_block: source.toBlock,
      next_block: source.fromBlock,
      status: 'running',
      manifest_json: JSON.stringify(source.manifest),
      // Live trades land where the chain puts them; every other mode records the model its executor used.
      inclusion: mode === 'live' ? null : formatInclusion(inclusionOf(config)),
    },
  ])
  return { runId, next: source.fromBlock, done: false }
}
