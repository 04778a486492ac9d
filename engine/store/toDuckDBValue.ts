import { DuckDBTimestampValue, DuckDBTypeId, jsToDuckDBValue, type DuckDBType, type DuckDBValue } from '@duckdb/node-api'
import { StoreError } from '../errors/StoreError.js'

/** Where a value sits, for error messages. */
export type ValueLocation = { path: string; table: string; column: string; row: number }

const RANGES: Partial<Record<DuckDBTypeId, readonly [bigint, bigint]>> = {
  [DuckDBTypeId.TINYINT]: [-(2n ** 7n), 2n ** 7n - 1n],
  [DuckDBTypeId.SMALLINT]: [-(2n ** 15n), 2n ** 15n - 1n],
  [DuckDBTypeId.INTEGER]: [-(2n ** 31n), 2n ** 31n - 1n],
  [DuckDBTypeId.BIGINT]: [-(2n ** 63n), 2n ** 63n - 1n],
  [DuckDBTypeId.HUGEINT]: [-(2n ** 127n), 2n ** 127n - 1n],
  [DuckDBTypeId.UTINYINT]: [0n, 2n ** 8n - 1n],
  [DuckDBTypeId.USMALLINT]: [0n, 2n ** 16n - 1n],
  [DuckDBTypeId.UINTEGER]: [0n, 2n ** 32n - 1n],
  [DuckDBTypeId.UBIGINT]: [0n, 2n ** 64n - 1n],
  [DuckDBTypeId.UHUGEINT]: [0n, 2n ** 128n - 1n],
}

/**
 * Converts one JS value of a row into the DuckDB value for its column, checking it fits.
 * DuckDB's appender wraps an out-of-range HUGEINT silently (2^127 becomes -2^127), so the range is
 * checked here and a value that does not fit raises a StoreError naming the table and column.
 *
 * Accepted: `null`/`undefined` for any column; `bigint` for integer columns (a safe-integer `number`
 * too, except for HUGEINT, which holds money and takes `bigint` only); `number` for DOUBLE/FLOAT;
 * `string` for VARCHAR; `boolean` for BOOLEAN; a valid `Date` for TIMESTAMP.
 */
export function toDuckDBValue(value: unknown, type: DuckDBType, at: ValueLocation): DuckDBValue {
  if (value === null || value === undefined) return null
  const id = type.typeId
  const range = RANGES[id]
  if (range) {
    let n: bigint
    if (typeof value === 'bigint') n = value
    else if (typeof value === 'number' && id !== DuckDBTypeId.HUGEINT && Number.isSafeInteger(value)) n = BigInt(value)
    else throw wrongType(at, type, id === DuckDBTypeId.HUGEINT ? 'a bigint (base units)' : 'a bigint or safe integer', value)
    if (n < range[0] || n > range[1]) {
      throw new StoreError('value-out-of-range', `Value out of range for ${at.table}.${at.column} (${type.toString()}) in row ${at.row}`, {
        path: at.path,
        table: at.table,
        column: at.column,
        details: `${n} is outside ${type.toString()} [${range[0]}, ${range[1]}]`,
      })
    }
    return id === DuckDBTypeId.INTEGER || id === DuckDBTypeId.SMALLINT || id === DuckDBTypeId.TINYINT ||
      id === DuckDBTypeId.UTINYINT || id === DuckDBTypeId.USMALLINT || id === DuckDBTypeId.UINTEGER
      ? Number(n)
      : n
  }
  switch (id) {
    case DuckDBTypeId.DOUBLE:
    case DuckDBTypeId.FLOAT:
      if (typeof value !== 'number') throw wrongType(at, type, 'a number', value)
      return value
    case DuckDBTypeId.VARCHAR:
      if (typeof value !== 'string') throw wrongType(at, type, 'a string', value)
      return value
    case DuckDBTypeId.BOOLEAN:
      if (typeof value !== 'boolean') throw wrongType(at, type, 'a boolean', value)
      return value
    case DuckDBTypeId.TIMESTAMP:
      if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw wrongType(at, type, 'a valid Date', value)
      return new DuckDBTimestampValue(BigInt(value.getTime()) * 1000n)
    default:
      try {
        return jsToDuckDBValue(value as never, type)
      } catch (cause) {
        throw wrongType(at, type, `a value for ${type.toString()}`, value, cause)
      }
  }
}

function wrongType(at: ValueLocation, type: DuckDBType, expected: string, value: unknown, cause?: unknown): StoreError {
  const got = value instanceof Date ? 'Date' : typeof value
  return new StoreError('invalid-row', `Wrong type for ${at.table}.${at.column} (${type.toString()}) in row ${at.row}: expected ${expected}, got ${got}`, {
    path: at.path,
    table: at.table,
    column: at.column,
    cause,
  })
}
