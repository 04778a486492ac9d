import { describe, expect, it } from 'vitest'
import { MAX_UINT256 } from './constants.js'
import { divRoundingUp, mulDiv, mulDivRoundingUp } from './mulDiv.js'

const Q128 = 1n << 128n

describe('FullMath', () => {
  it('keeps the 512-bit intermediate product (v3-core FullMath cases)', () => {
    expect(mulDiv(Q128, 50n * Q128 / 100n, 150n * Q128 / 100n)).toBe(Q128 / 3n)
    expect(mulDiv(MAX_UINT256, MAX_UINT256, MAX_UINT256)).toBe(MAX_UINT256)
    expect(mulDiv(Q128, 35n * Q128, 8n * Q128)).toBe(4375n * Q128 / 1000n)
    expect(mulDiv(Q128, 1000n * Q128, 3000n * Q128)).toBe(Q128 / 3n)
  })

  it('rounds up only when there is a remainder', () => {
    expect(mulDivRoundingUp(Q128, 50n * Q128 / 100n, 150n * Q128 / 100n)).toBe(Q128 / 3n + 1n)
    expect(mulDivRoundingUp(Q128, 35n * Q128, 8n * Q128)).toBe(4375n * Q128 / 1000n)
    expect(divRoundingUp(7n, 2n)).toBe(4n)
    expect(divRoundingUp(8n, 2n)).toBe(4n)
  })

  it('reverts on overflow and zero denominators like the contract', () => {
    expect(() => mulDiv(Q128, 5n, 0n)).toThrow()
    expect(() => mulDiv(Q128, Q128, 1n)).toThrow(/overflow/)
    expect(() => mulDiv(MAX_UINT256, MAX_UINT256, MAX_UINT256 - 1n)).toThrow(/overflow/)
    // 535006138814359 * 432862656469423142931042426214547535783388063929571229938474969 / 2 rounds to MAX_UINT256 + 1
    expect(() =>
      mulDivRoundingUp(535006138814359n, 432862656469423142931042426214547535783388063929571229938474969n, 2n),
    ).toThrow(/overflow/)
  })
})
