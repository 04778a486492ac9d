import { poolKey } from '../market/poolKey.js'
import type { Pool } from '../market/types.js'
import type { CycleIndex } from './createCycleIndex.js'

/**
 * The state's pools in the order of `index` (undefined where the state lacks one); the common case (the same
 * list as when indexed) costs one pass and returns `pools` itself.
 */
export function resolvePools(index: CycleIndex, pools: readonly Pool[]): Array<Pool | undefined> {
  const keys = index.poolKeys
  if (pools.length === keys.length) {
    let same = true
    for (let i = 0; i < pools.length; i++) {
      if (poolKey(pools[i]!) !== keys[i]) {
        same = false
        break
      }
    }
    if (same) return pools as Pool[]
  }
  const byKey = new Map(pools.map((p) => [poolKey(p), p]))
  return keys.map((k) => byKey.get(k))
}
