import { invalidParam } from '../errors/BuilderError.js'

/**
 * A JSON-RPC quantity as a bigint: a `0x` hex string or a non-negative integer number (Flashbots documents
 * `blockNumber` as hex and the timestamps as numbers; clients send either). Throws a BuilderError naming
 * `field` otherwise.
 */
export function parseQuantity(value: unknown, field: string): bigint {
  if (typeof value === 'string' && /^0x[0-9a-fA-F]{1,64}$/.test(value)) return BigInt(value)
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value)
  throw invalidParam(field, 'a 0x-prefixed hex quantity or a non-negative integer', value)
}
