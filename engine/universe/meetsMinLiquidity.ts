import type { Address } from '../market/types.js'
import type { DiscoveredPool } from './types.js'

/** Per-token floors in base units: a pool is liquid when it holds at least the floor of one of its tokens. */
export type MinLiquidity = ReadonlyMap<Address, bigint>

/**
 * Whether a pool is liquid enough to trade: every balance is positive and, when floors are given, at least
 * one of its tokens with a floor is held at or above it (a pool with no floored token is not liquid, since
 * its depth cannot be judged in a known unit). Unknown balances: not liquid.
 *
 * @example
 * meetsMinLiquidity(pool, new Map([[weth, 10n ** 19n]])) // ≥ 10 WETH in the pool
 */
export function meetsMinLiquidity(pool: DiscoveredPool, floors: MinLiquidity): boolean {
  const balances = pool.balances
  if (!balances || balances.length < 2 || balances.length !== pool.tokens.length) return false
  if (balances.some((b) => b <= 0n)) return false
  if (floors.size === 0) return true
  return pool.tokens.some((t, i) => {
    const floor = floors.get(t)
    return floor !== undefined && balances[i]! >= floor
  })
}
