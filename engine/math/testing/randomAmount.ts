import type { SeededRandom } from '../../devnet/createSeededRandom.js'

/**
 * Test helper: a log-uniform amount in [1, max] from a seeded source: a random bit length, then random bits
 * below the top one, so tiny, medium and huge amounts are all drawn often.
 */
export function randomAmount(rng: SeededRandom, max: bigint): bigint {
  if (max < 1n) throw new Error(`randomAmount: max ${max} < 1`)
  const bits = max.toString(2).length
  for (;;) {
    const length = rng.int(1, bits)
    let x = 1n
    for (let i = 1; i < length; i++) x = (x << 1n) | BigInt(rng.int(0, 1))
    if (x <= max) return x
  }
}
