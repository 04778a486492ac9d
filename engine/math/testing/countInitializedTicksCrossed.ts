import type { V3Tick } from '../../market/types.js'

const MAX_UINT256 = (1n << 256n) - 1n

/**
 * Test oracle: a port of v3-periphery's PoolTicksCounter.countInitializedTicksCrossed, the figure QuoterV2
 * returns as `initializedTicksCrossed`, over a list of initialized ticks instead of the pool's bitmap.
 * Ported with its quirks: it compresses ticks with Solidity's truncating division (not floor), and it
 * counts bitmap positions between tickBefore and tickAfter, so it can differ from the number of ticks
 * the swap loop actually crosses when either end sits on an initialized tick's position.
 */
export function countInitializedTicksCrossed(ticks: readonly V3Tick[], tickSpacing: number, tickBefore: number, tickAfter: number): number {
  const bitmap = new Map<number, bigint>()
  for (const { index } of ticks) {
    const compressed = index / tickSpacing
    bitmap.set(compressed >> 8, (bitmap.get(compressed >> 8) ?? 0n) | (1n << BigInt(compressed & 255)))
  }
  const word = (w: number) => bitmap.get(w) ?? 0n
  const position = (tick: number) => {
    const compressed = Math.trunc(tick / tickSpacing)
    return { wordPos: compressed >> 8, bitPos: compressed & 255 }
  }
  const before = position(tickBefore)
  const after = position(tickAfter)
  const tickAfterInitialized = (word(after.wordPos) & (1n << BigInt(after.bitPos))) > 0n && tickAfter % tickSpacing === 0 && tickBefore > tickAfter
  const tickBeforeInitialized = (word(before.wordPos) & (1n << BigInt(before.bitPos))) > 0n && tickBefore % tickSpacing === 0 && tickBefore < tickAfter
  const [lower, higher] =
    before.wordPos < after.wordPos || (before.wordPos === after.wordPos && before.bitPos <= after.bitPos) ? [before, after] : [after, before]

  let count = 0
  let mask = (MAX_UINT256 << BigInt(lower.bitPos)) & MAX_UINT256
  for (let w = lower.wordPos; w <= higher.wordPos; w++) {
    if (w === higher.wordPos) mask &= MAX_UINT256 >> BigInt(255 - higher.bitPos)
    let masked = word(w) & mask
    while (masked !== 0n) {
      count++
      masked &= masked - 1n
    }
    mask = MAX_UINT256
  }
  if (tickAfterInitialized) count--
  if (tickBeforeInitialized) count--
  return count
}
