import type { Pool } from './types.js'

/**
 * A pool's identity in a market state: its address (a V4 pool's PoolId), or for one token pair of a Balancer pool
 * with more than two tokens the pool's address with the pair's token indices (`0xpool:0:2`), since every pair of
 * such a pool is a pool of the state with the same address.
 *
 * @example
 * poolKey(v2) // '0xb4e1…'
 */
export function poolKey(pool: Pool): string {
  return pool.kind === 'balancer' && pool.tokenIndices ? `${pool.address}:${pool.tokenIndices[0]}:${pool.tokenIndices[1]}` : pool.address
}
