import { DuckDBInstance } from '@duckdb/node-api'

/** A column of a Parquet file: DuckDB type and how to read it from a row. Bigints beyond int64 go as VARCHAR decimals. */
export type ParquetColumn<R> = { name: string; type: 'BIGINT' | 'INTEGER' | 'VARCHAR'; get: (row: R) => bigint | number | string | null | undefined }

/**
 * Writes rows to a Parquet file through DuckDB: an in-memory table filled by the appender, then
 * `COPY … TO path (FORMAT parquet)`. Big integers (uint256 amounts, sqrtPriceX96) are stored as decimal
 * strings so nothing is rounded.
 *
 * @example
 * await writeParquet('headers.parquet', blocks, [{ name: 'number', type: 'BIGINT', get: (b) => b.number }])
 */
export async function writeParquet<R>(path: string, rows: readonly R[], columns: ParquetColumn<R>[]): Promise<void> {
  const db = await DuckDBInstance.create(':memory:')
  const connection = await db.connect()
  try {
    await connection.run(`CREATE TABLE t (${columns.map((c) => `"${c.name}" ${c.type}`).join(', ')})`)
    const appender = await connection.createAppender('t')
    for (const row of rows) {
      for (const c of columns) {
        const v = c.get(row)
        if (v === null || v === undefined) appender.appendNull()
        else if (c.type === 'VARCHAR') appender.appendVarchar(String(v))
        else if (c.type === 'BIGINT') appender.appendBigInt(BigInt(v))
        else appender.appendInteger(Number(v))
      }
      appender.endRow()
    }
    appender.closeSync()
    await connection.run(`COPY t TO '${path.replaceAll("'", "''")}' (FORMAT parquet)`)
  } finally {
    connection.closeSync()
    db.closeSync()
  }
}
