import type { Hex } from 'viem'
import { BaseError } from '../errors/BaseError.js'

const WORDS = /^0x(?:[0-9a-fA-F]{64})*$/

export type V2Reserves = { reserve0: bigint; reserve1: bigint }
export type V3Slot = { sqrtPriceX96: bigint; tick: number; liquidity: bigint }

/**
 * Decodes the outputs of the PoolStateLens calls of encodePoolStateLens, in order: raw 32-byte words, two per
 * pair (reserve0, reserve1), then three per V3 pool (sqrtPriceX96, tick as a sign-extended int24, liquidity).
 * Words are sliced from the hex strings and parsed with BigInt, with no ABI decoder. Throws when the node's
 * answer does not have exactly that many words or a value out of its type's range.
 *
 * @example
 * const { reserves, slots } = decodePoolStateLens(outputs, 18, 7)
 */
export function decodePoolStateLens(outputs: readonly Hex[], v2Count: number, v3Count: number): { reserves: V2Reserves[]; slots: V3Slot[] } {
  let hex = ''
  for (const out of outputs) {
    if (typeof out !== 'string' || !WORDS.test(out)) throw new BaseError(`PoolStateLens answered ${String(out).slice(0, 80)}, not whole 32-byte words`)
    hex += out.slice(2)
  }
  const expected = 64 * (2 * v2Count + 3 * v3Count)
  if (hex.length !== expected) {
    throw new BaseError(`PoolStateLens answered ${hex.length / 2} bytes for ${v2Count} pairs and ${v3Count} V3 pools, expected ${expected / 2}`)
  }
  const word = (i: number) => BigInt(`0x${hex.slice(64 * i, 64 * i + 64)}`)
  const reserves: V2Reserves[] = new Array(v2Count)
  for (let i = 0; i < v2Count; i++) {
    reserves[i] = { reserve0: checked(word(2 * i), 112, 'reserve0'), reserve1: checked(word(2 * i + 1), 112, 'reserve1') }
  }
  const slots: V3Slot[] = new Array(v3Count)
  for (let j = 0, k = 2 * v2Count; j < v3Count; j++, k += 3) {
    const tick = BigInt.asIntN(256, word(k + 1))
    if (tick < -8388608n || tick > 8388607n) throw new BaseError(`PoolStateLens answered tick ${tick}, not an int24`)
    slots[j] = { sqrtPriceX96: checked(word(k), 160, 'sqrtPriceX96'), tick: Number(tick), liquidity: checked(word(k + 2), 128, 'liquidity') }
  }
  return { reserves, slots }
}

function checked(value: bigint, bits: number, what: string): bigint {
  if (value >> BigInt(bits) !== 0n) throw new BaseError(`PoolStateLens answered ${what} ${value}, wider than uint${bits}`)
  return value
}
