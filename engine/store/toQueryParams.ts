import { DuckDBTimestampValue, type DuckDBValue } from '@duckdb/node-api'
import { StoreError } from '../errors/StoreError.js'

const HUGEINT_MIN = -(2n ** 127n)
const HUGEINT_MAX = 2n ** 127n - 1n

/**
 * Converts positional query parameters (`$1`, `$2`, ... or `?`) from plain JS to DuckDB values:
 * a `Date` becomes a TIMESTAMP, a `bigint` binds as HUGEINT (DuckDB casts it to the column's type).
 * A bigint outside HUGEINT or an `undefined` raises a StoreError naming the parameter, never its value
 * (parameters can hold anything the caller passed).
 */
export function toQueryParams(params: readonly unknown[], path: string): DuckDBValue[] {
  return params.map((value, i) => {
    const name = `$${i + 1}`
    if (value === undefined) {
      throw new StoreError('invalid-row', `Query parameter ${name} is undefined`, { path, details: 'Pass null for SQL NULL.' })
    }
    if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw new StoreError('invalid-row', `Query parameter ${name} is an invalid Date`, { path })
      return new DuckDBTimestampValue(BigInt(value.getTime()) * 1000n)
    }
    if (typeof value === 'bigint' && (value < HUGEINT_MIN || value > HUGEINT_MAX)) {
      throw new StoreError('value-out-of-range', `Query parameter ${name} is outside HUGEINT range`, { path })
    }
    return value as DuckDBValue
  })
}
