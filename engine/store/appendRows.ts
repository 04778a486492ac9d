import { DuckDBDataChunk, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api'
import { StoreError } from '../errors/StoreError.js'
import type { TableColumns } from './readTableColumns.js'
import { toDuckDBValue } from './toDuckDBValue.js'

/** DuckDB's vector size: the most rows one data chunk holds. */
const CHUNK_ROWS = 2048

/**
 * Writes `rows` to `table` through one DuckDB appender, in data chunks of 2,048 rows.
 *
 * Every row is converted and range-checked before anything is appended, so a bad value (a key that is
 * not a column, a HUGEINT overflow) fails the call with nothing written. A constraint violation surfaces
 * from DuckDB when the appender flushes; the caller's transaction makes that all-or-nothing too.
 * Missing keys are written as NULL.
 */
export async function appendRows(
  connection: DuckDBConnection,
  options: { path: string; table: string; columns: TableColumns; rows: readonly Record<string, unknown>[] },
): Promise<void> {
  const { path, table, columns, rows } = options
  if (rows.length === 0) return
  const known = new Set(columns.names)
  const values: DuckDBValue[][] = columns.names.map(() => new Array<DuckDBValue>(rows.length))

  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!
    for (const key of Object.keys(row)) {
      if (!known.has(key)) {
        throw new StoreError('invalid-row', `Row ${r} for ${table} has unknown column "${key}"`, {
          path,
          table,
          column: key,
          details: `Columns of ${table}: ${columns.names.join(', ')}`,
        })
      }
    }
    for (let c = 0; c < columns.names.length; c++) {
      const column = columns.names[c]!
      values[c]![r] = toDuckDBValue(row[column], columns.types[c]!, { path, table, column, row: r })
    }
  }

  const appender = await connection.createAppender(table)
  try {
    for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
      const end = Math.min(start + CHUNK_ROWS, rows.length)
      const chunk = DuckDBDataChunk.create(columns.types, end - start)
      chunk.setColumns(values.map((column) => column.slice(start, end)))
      appender.appendDataChunk(chunk)
    }
    appender.closeSync()
  } catch (error) {
    // A failed flush leaves rows buffered; drop them so closing does not try (and fail) again.
    try {
      appender.clear()
      appender.closeSync()
    } catch {
      // The appender is unusable either way; the original error is the one to report.
    }
    throw error
  }
}
