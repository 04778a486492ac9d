import type { Store } from '../../store/openStore.js'
import type { TableColumn } from './runTables.js'
import { sqlLiteral } from './sqlLiteral.js'

/**
 * Writes one table's rows of a run to a Parquet file through DuckDB's COPY. HUGEINT money columns become
 * DECIMAL(38,0) (Parquet has no 128-bit integer and DuckDB would otherwise write DOUBLE): exact for every
 * |amount| < 10^38, and an amount beyond it fails the export instead of being rounded.
 */
export async function exportParquet(store: Store, options: { table: string; columns: readonly TableColumn[]; runId: string; file: string }): Promise<void> {
  const select = options.columns.map((c) => (c.type === 'HUGEINT' ? `CAST("${c.name}" AS DECIMAL(38,0)) AS "${c.name}"` : `"${c.name}"`)).join(', ')
  await store.run(
    `COPY (SELECT ${select} FROM "${options.table}" WHERE run_id = ${sqlLiteral(options.runId)}) TO ${sqlLiteral(options.file)} (FORMAT parquet, COMPRESSION zstd)`,
  )
}
