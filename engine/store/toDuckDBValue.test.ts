import { BIGINT, BOOLEAN, DOUBLE, DuckDBTimestampValue, HUGEINT, INTEGER, TIMESTAMP, UBIGINT, VARCHAR } from '@duckdb/node-api'
import { describe, expect, it } from 'vitest'
import { StoreError } from '../errors/StoreError.js'
import { toDuckDBValue } from './toDuckDBValue.js'

const at = { path: 'x.duckdb', table: 't', column: 'c', row: 7 }

function fails(value: unknown, type: Parameters<typeof toDuckDBValue>[1]): StoreError {
  try {
    toDuckDBValue(value, type, at)
  } catch (e) {
    if (e instanceof StoreError) return e
    throw e
  }
  throw new Error(`accepted ${String(value)} for ${type.toString()}`)
}

describe('toDuckDBValue', () => {
  it('accepts each integer type up to its bounds and refuses one past', () => {
    const cases = [
      [HUGEINT, -(2n ** 127n), 2n ** 127n - 1n],
      [UBIGINT, 0n, 2n ** 64n - 1n],
      [BIGINT, -(2n ** 63n), 2n ** 63n - 1n],
      [INTEGER, -(2n ** 31n), 2n ** 31n - 1n],
    ] as const
    for (const [type, min, max] of cases) {
      expect(toDuckDBValue(min, type, at)).toEqual(type === INTEGER ? Number(min) : min)
      expect(toDuckDBValue(max, type, at)).toEqual(type === INTEGER ? Number(max) : max)
      expect(fails(min - 1n, type)).toMatchObject({ code: 'value-out-of-range', table: 't', column: 'c' })
      expect(fails(max + 1n, type).shortMessage).toBe(`Value out of range for t.c (${type.toString()}) in row 7`)
    }
  })

  it('takes safe-integer numbers for UBIGINT and BIGINT but only bigint for HUGEINT', () => {
    expect(toDuckDBValue(18_000_000, UBIGINT, at)).toBe(18_000_000n)
    expect(fails(1.5, UBIGINT).code).toBe('invalid-row')
    expect(fails(2 ** 60, BIGINT).code).toBe('invalid-row')
    expect(fails(5, HUGEINT).shortMessage).toContain('expected a bigint (base units), got number')
  })

  it('converts Date to microseconds and checks the other scalar types', () => {
    expect(toDuckDBValue(new Date(1234), TIMESTAMP, at)).toEqual(new DuckDBTimestampValue(1_234_000n))
    expect(fails(new Date(Number.NaN), TIMESTAMP).code).toBe('invalid-row')
    expect(fails('2024-01-01', TIMESTAMP).code).toBe('invalid-row')
    expect(toDuckDBValue(0.25, DOUBLE, at)).toBe(0.25)
    expect(fails(1n, DOUBLE).code).toBe('invalid-row')
    expect(toDuckDBValue('0xabc', VARCHAR, at)).toBe('0xabc')
    expect(fails(1, VARCHAR).code).toBe('invalid-row')
    expect(toDuckDBValue(true, BOOLEAN, at)).toBe(true)
    expect(fails('true', BOOLEAN).code).toBe('invalid-row')
    expect(toDuckDBValue(undefined, HUGEINT, at)).toBeNull()
    expect(toDuckDBValue(null, TIMESTAMP, at)).toBeNull()
  })
})
