import { describe, expect, it } from 'vitest'
import type { Hex } from 'viem'
import { decodeTickLens } from './decodeTickLens.js'

const word = (n: bigint) => (n & ((1n << 256n) - 1n)).toString(16).padStart(64, '0')
/** A tick word as TickBitmapLens writes it: (uint24(tick) << 128) | uint128(liquidityNet). */
const tickWord = (tick: number, net: bigint) => word((BigInt.asUintN(24, BigInt(tick)) << 128n) | BigInt.asUintN(128, net))

describe('decodeTickLens', () => {
  it('decodes wordsRead and two’s complement ticks and liquidityNet at their extremes', () => {
    const cases = [
      { index: -887272, liquidityNet: (1n << 127n) - 1n },
      { index: -1, liquidityNet: -(1n << 127n) },
      { index: 0, liquidityNet: 0n },
      { index: 60, liquidityNet: -1n },
      { index: 887272, liquidityNet: -123456789n },
    ]
    const output = `0x${word(3n)}${cases.map((t) => tickWord(t.index, t.liquidityNet)).join('')}` as Hex
    expect(decodeTickLens(output)).toEqual({ wordsRead: 3, ticks: cases })
  })

  it('decodes a header-only output', () => {
    expect(decodeTickLens(`0x${word(1024n)}`)).toEqual({ wordsRead: 1024, ticks: [] })
  })

  it('rejects an answer that is not whole words', () => {
    expect(() => decodeTickLens('0x')).toThrow('not whole 32-byte words')
    expect(() => decodeTickLens(`0x${word(1n)}00`)).toThrow('not whole 32-byte words')
  })
})
