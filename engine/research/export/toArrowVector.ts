import * as Arrow from 'apache-arrow'
import { BaseError } from '../../errors/BaseError.js'

const DECIMAL_LIMIT = 10n ** 38n

/**
 * One DuckDB column's values (as the store returns them) as an Arrow vector of the matching type. HUGEINT
 * becomes Decimal128(38, 0): 128-bit two's complement, exact; |value| ≥ 10^38 is refused, as in Parquet.
 */
export function toArrowVector(column: { name: string; type: string }, values: readonly unknown[]): Arrow.Vector {
  switch (column.type) {
    case 'HUGEINT':
      return decimal128(column.name, values as readonly (bigint | null)[])
    case 'BIGINT':
      return Arrow.vectorFromArray(values as (bigint | null)[], new Arrow.Int64())
    case 'UBIGINT':
      return Arrow.vectorFromArray(values as (bigint | null)[], new Arrow.Uint64())
    case 'INTEGER':
      return Arrow.vectorFromArray(values as (number | null)[], new Arrow.Int32())
    case 'DOUBLE':
      return Arrow.vectorFromArray(values as (number | null)[], new Arrow.Float64())
    case 'BOOLEAN':
      return Arrow.vectorFromArray(values as (boolean | null)[], new Arrow.Bool())
    case 'TIMESTAMP':
      return Arrow.vectorFromArray(values as (Date | null)[], new Arrow.TimestampMicrosecond())
    case 'VARCHAR':
      return Arrow.vectorFromArray(values as (string | null)[], new Arrow.Utf8())
    default:
      throw new BaseError(`Cannot export column ${column.name} of type ${column.type} to Arrow`, { details: 'add the type to engine/research/export/toArrowVector.ts' })
  }
}

function decimal128(name: string, values: readonly (bigint | null)[]): Arrow.Vector {
  const n = values.length
  const words = new Uint32Array(n * 4)
  const valid = new Uint8Array(Math.ceil(n / 8))
  let nulls = 0
  values.forEach((v, i) => {
    if (v === null || v === undefined) {
      nulls++
      return
    }
    if (v >= DECIMAL_LIMIT || v <= -DECIMAL_LIMIT) {
      throw new BaseError(`Amount in ${name} does not fit DECIMAL(38,0): ${v}`, { details: 'amounts of 10^38 base units or more cannot be exported' })
    }
    valid[i >> 3]! |= 1 << (i & 7)
    let x = BigInt.asUintN(128, v)
    for (let w = 0; w < 4; w++) {
      words[i * 4 + w] = Number(x & 0xffff_ffffn)
      x >>= 32n
    }
  })
  const data = Arrow.makeData({ type: new Arrow.Decimal(0, 38, 128), length: n, nullCount: nulls, data: words, nullBitmap: valid })
  return Arrow.makeVector(data)
}
