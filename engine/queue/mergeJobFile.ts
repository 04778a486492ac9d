import { randomBytes } from 'node:crypto'
import { StoreError } from '../errors/StoreError.js'
import type { Store } from '../store/openStore.js'

/** The `runs` row inside a job's result file (one run: the job's shard). */
export type JobRun = {
  run_id: string
  started_at: Date
  finished_at: Date | null
  strategies: string
  config_json: string
  config_hash: string
  chain_id: bigint
  from_block: bigint
  to_block: bigint
  status: string
  manifest_json: string | null
}

/** Tables keyed by run that describe a run as a whole, not its blocks: never merged from a shard. */
const NOT_MERGED = new Set(['runs', 'gate_results', 'sweeps', 'sweep_runs', 'sweep_jobs', 'schema_migrations'])

/**
 * Merges a finished job's DuckDB file into the main store under `runId` (the grid point's run), replacing
 * whatever that run held for the job's block range, in one transaction: merging the same file twice, or a
 * retried job's file, leaves the same rows. Every table keyed by run with a `block_number` (blocks,
 * opportunities…) or an `opportunity_id` (simulations, executions, rejections…) is merged, by column name.
 * `inTransaction` runs inside the same transaction (to record the merge), with the alias the file is attached
 * under. Returns the file's run row.
 */
export async function mergeJobFile(store: Store, options: { file: string; runId: string; inTransaction?: (run: JobRun, alias: string) => Promise<void> }): Promise<JobRun> {
  const { file, runId } = options
  const alias = `job_${randomBytes(4).toString('hex')}`
  await store.run(`ATTACH '${file.replace(/'/g, "''")}' AS ${alias} (READ_ONLY)`)
  try {
    const runs = await store.query<JobRun>(`SELECT * FROM ${alias}.runs`)
    const run = runs[0]
    if (runs.length !== 1 || run!.status !== 'completed') {
      throw new StoreError('invalid-row', `Job file ${file} does not hold one completed run`, { path: file, details: `runs: ${runs.map((r) => `${r.run_id} ${r.status}`).join(', ') || 'none'}` })
    }
    const columns = await store.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM duckdb_columns() WHERE database_name = ? AND schema_name = 'main'`,
      [alias],
    )
    const tables = new Map<string, Set<string>>()
    for (const c of columns) tables.set(c.table_name, (tables.get(c.table_name) ?? new Set()).add(c.column_name))
    const merged = [...tables].filter(([name, cols]) => !NOT_MERGED.has(name) && cols.has('run_id') && (cols.has('block_number') || cols.has('opportunity_id')))
    const byBlock = merged.filter(([, cols]) => cols.has('block_number')).map(([name]) => name)
    const byOpportunity = merged.filter(([, cols]) => !cols.has('block_number')).map(([name]) => name)
    const range = [runId, run!.from_block, run!.to_block]
    await store.transaction(async () => {
      // Rows keyed by opportunity go first, while the opportunities of the range still say which they are.
      for (const t of byOpportunity) {
        await store.run(
          `DELETE FROM ${t} WHERE run_id = ? AND opportunity_id IN (SELECT opportunity_id FROM opportunities WHERE run_id = ? AND block_number BETWEEN ? AND ?)`,
          [runId, ...range],
        )
      }
      for (const t of byBlock) await store.run(`DELETE FROM ${t} WHERE run_id = ? AND block_number BETWEEN ? AND ?`, range)
      for (const [t] of merged) await store.run(`INSERT INTO ${t} BY NAME SELECT * REPLACE (?::VARCHAR AS run_id) FROM ${alias}.${t}`, [runId])
      await options.inTransaction?.(run!, alias)
    })
    return run!
  } finally {
    await store.run(`DETACH ${alias}`)
  }
}
