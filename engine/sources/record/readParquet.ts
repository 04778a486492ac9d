import { DuckDBInstance } from '@duckdb/node-api'
import { DatasetError } from '../../errors/DatasetError.js'

/**
 * Reads a Parquet file's rows through DuckDB's `read_parquet`, checking that every `required` column is
 * there. Values come back as JS values (BIGINT as bigint, VARCHAR as string, NULL as null).
 */
export async function readParquet(path: string, required: string[], orderBy?: string): Promise<Record<string, unknown>[]> {
  const db = await DuckDBInstance.create(':memory:')
  const connection = await db.connect()
  try {
    const source = `read_parquet('${path.replaceAll("'", "''")}')`
    let columns: string[]
    try {
      const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)
      columns = described.getRowObjectsJS().map((r) => String(r.column_name))
    } catch (cause) {
      throw new DatasetError('not a readable Parquet file', { file: path, details: (cause as Error).message, cause })
    }
    for (const c of required) if (!columns.includes(c)) throw new DatasetError(`column "${c}" is missing`, { file: path, column: c })
    const result = await connection.runAndReadAll(`SELECT * FROM ${source}${orderBy ? ` ORDER BY ${orderBy}` : ''}`)
    return result.getRowObjectsJS() as Record<string, unknown>[]
  } finally {
    connection.closeSync()
    db.closeSync()
  }
}
