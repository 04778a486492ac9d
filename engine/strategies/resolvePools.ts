import type { Pool } from '../market/types.js'
import type { CycleIndex } from './createCycleIndex.js'

/**
 * The state's pools in the order of `index` (undefined where the state lacks one); the common case (the same
 * list as when indexed) costs one pass and returns `pools` itself.
 */
export function resolvePools(index: CycleIndex, pools: readonly Pool[]): Array<Pool | undefined> {
  const addresses = index.poolAddresses
  if (pools.length === addresses.length) {
    let same = true
    for (let i = 0; i < pools.length; i++) {
      if (pools[i]!.address !== addresses[i]) {
        same = false
        break
      }
    }
    if (same) return pools as Pool[]
  }
  const byAddress = new Map(pools.map((p) => [p.address, p]))
  return addresses.map((a) => byAddress.get(a))
}
