import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { BaseError } from '../../errors/BaseError.js'
import { ConfigError } from '../../errors/ConfigError.js'
import type { Store } from '../../store/openStore.js'
import { exportArrow } from './exportArrow.js'
import { exportParquet } from './exportParquet.js'
import { runTables } from './runTables.js'

export type ExportFormat = 'parquet' | 'arrow'

export type ExportedFile = { table: string; file: string; rows: number }

/**
 * Writes every table of one run (runs, blocks, opportunities, …) to `outDir`, one file per table:
 * `<table>.parquet` through DuckDB's COPY, or `<table>.arrow` (Arrow IPC file) through apache-arrow.
 * Money columns stay exact (DECIMAL(38,0) in both formats). Returns the files with their row counts.
 *
 * @example
 * const files = await exportRun(store, { runId, format: 'parquet', outDir: 'exports/run1' })
 */
export async function exportRun(store: Store, options: { runId: string; format: ExportFormat; outDir: string }): Promise<ExportedFile[]> {
  const { runId, format } = options
  if (format !== 'parquet' && format !== 'arrow') throw new ConfigError('--format', 'parquet or arrow', format)
  const [run] = await store.query<{ n: bigint }>('SELECT count(*) AS n FROM runs WHERE run_id = ?', [runId])
  if (!run || run.n === 0n) throw new BaseError(`No run ${runId}`, { details: 'see `arb runs` for the run ids in this database' })
  const outDir = resolve(options.outDir)
  await mkdir(outDir, { recursive: true })
  const out: ExportedFile[] = []
  for (const { table, columns } of await runTables(store)) {
    const file = join(outDir, `${table}.${format}`)
    const [count] = await store.query<{ n: bigint }>(`SELECT count(*) AS n FROM "${table}" WHERE run_id = ?`, [runId])
    if (format === 'parquet') await exportParquet(store, { table, columns, runId, file })
    else await exportArrow(store, { table, columns, runId, file })
    out.push({ table, file, rows: Number(count!.n) })
  }
  return out
}
