import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api'
import { StoreError } from '../errors/StoreError.js'

/** A table's columns in storage order, as the appender expects them. */
export type TableColumns = {
  readonly names: readonly string[]
  readonly types: readonly DuckDBType[]
}

/** Reads the column names and DuckDB types of `table` (schema `main`), in the order an appender fills them. */
export async function readTableColumns(connection: DuckDBConnection, options: { table: string; path: string }): Promise<TableColumns> {
  const { table, path } = options
  const reader = await connection.runAndReadAll(
    "SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = $1 ORDER BY column_index",
    [table],
  )
  const names = reader.getRowsJS().map(([name]) => String(name))
  if (names.length === 0) throw new StoreError('query', `Table ${table} does not exist in ${path}`, { path, table })
  // The appender reports the exact logical types (widths included), which is what chunks must be built from.
  const appender = await connection.createAppender(table)
  try {
    const types = Array.from({ length: appender.columnCount }, (_, i) => appender.columnType(i))
    return { names, types }
  } finally {
    appender.closeSync()
  }
}
