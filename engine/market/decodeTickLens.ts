import type { Hex } from 'viem'
import { BaseError } from '../errors/BaseError.js'
import type { V3Tick } from './types.js'

/**
 * Decodes a TickBitmapLens output: word 0 is how many bitmap words it read completely (fewer than asked when
 * it stopped early, to stay within its output cap or gas), then one word per initialized tick, ascending, with
 * the int24 tick in bits 128..151 and the int128 liquidityNet in bits 0..127 (both two's complement). Throws
 * when the node's answer is not whole words.
 *
 * @example
 * const { wordsRead, ticks } = decodeTickLens(output)
 */
export function decodeTickLens(output: Hex): { wordsRead: number; ticks: V3Tick[] } {
  if (typeof output !== 'string' || !/^0x([0-9a-fA-F]{64})+$/.test(output)) {
    throw new BaseError(`TickBitmapLens answered ${String(output).slice(0, 80)}, not whole 32-byte words`)
  }
  const wordsRead = Number(BigInt(`0x${output.slice(2, 66)}`))
  const count = (output.length - 66) / 64
  const ticks: V3Tick[] = new Array(count)
  for (let i = 0, at = 66; i < count; i++, at += 64) {
    // Characters at+26..at+32 are bits 128..151 (the tick), at+32..at+64 bits 0..127 (liquidityNet).
    const raw = parseInt(output.slice(at + 26, at + 32), 16)
    ticks[i] = { index: raw >= 0x800000 ? raw - 0x1000000 : raw, liquidityNet: BigInt.asIntN(128, BigInt(`0x${output.slice(at + 32, at + 64)}`)) }
  }
  return { wordsRead, ticks }
}
