import { describe, expect, it } from 'vitest'
import type { Hex } from 'viem'
import { decodePoolStateLens } from './decodePoolStateLens.js'

const word = (n: bigint) => BigInt.asUintN(256, n).toString(16).padStart(64, '0')
const hex = (...words: bigint[]) => `0x${words.map(word).join('')}` as Hex

describe('decodePoolStateLens', () => {
  it('decodes pairs then V3 pools across several outputs, with a sign-extended tick', () => {
    const outputs = [hex(1n, (1n << 112n) - 1n, 5n, 6n), hex(2n ** 96n, -887272n, 7n), hex(3n, 887272n, (1n << 128n) - 1n)]
    expect(decodePoolStateLens(outputs, 2, 2)).toEqual({
      reserves: [
        { reserve0: 1n, reserve1: (1n << 112n) - 1n },
        { reserve0: 5n, reserve1: 6n },
      ],
      slots: [
        { sqrtPriceX96: 2n ** 96n, tick: -887272, liquidity: 7n },
        { sqrtPriceX96: 3n, tick: 887272, liquidity: (1n << 128n) - 1n },
      ],
    })
  })

  it('decodes no pools from no outputs', () => {
    expect(decodePoolStateLens([], 0, 0)).toEqual({ reserves: [], slots: [] })
  })

  it('rejects a wrong length or a value out of its type', () => {
    expect(() => decodePoolStateLens([hex(1n)], 1, 0)).toThrow('expected 64')
    expect(() => decodePoolStateLens(['0x12' as Hex], 1, 0)).toThrow('not whole 32-byte words')
    expect(() => decodePoolStateLens([hex(1n << 112n, 1n)], 1, 0)).toThrow('wider than uint112')
    expect(() => decodePoolStateLens([hex(1n, 1n << 23n, 1n)], 0, 1)).toThrow('not an int24')
  })
})
