import { poolKey } from '../market/poolKey.js'
import type { Pool } from '../market/types.js'
import { createCycleIndex, type CycleIndex, type CycleIndexOptions } from './createCycleIndex.js'

// Memo of recent indexes. The pool set rarely changes between blocks, so strategies look their index up
// here instead of rebuilding it; a handful of entries covers several strategies with different options.
// Each entry keeps the pool objects it last matched: an object seen there has the indexed key, so a block
// dereferences only the pools that changed.
const recent: Array<{ key: string; index: CycleIndex; pools: Pool[] }> = []
const RECENT_LIMIT = 8

/**
 * The cycle index for this pool set and these options, built on first use and reused while the pool
 * keys (in order) and the options stay the same. Observably pure: same inputs, same index.
 */
export function cycleIndexFor(pools: readonly Pool[], options: CycleIndexOptions): CycleIndex {
  const key = `${options.minHops}|${options.maxHops}|${options.maxCycles ?? ''}|${options.startTokens?.join(',') ?? '*'}`
  for (let i = 0; i < recent.length; i++) {
    const entry = recent[i]!
    if (entry.key === key && sameAddresses(entry, pools)) {
      if (i > 0) recent.unshift(...recent.splice(i, 1))
      return entry.index
    }
  }
  const index = createCycleIndex(pools, options)
  recent.unshift({ key, index, pools: [...pools] })
  if (recent.length > RECENT_LIMIT) recent.pop()
  return index
}

function sameAddresses(entry: { index: CycleIndex; pools: Pool[] }, pools: readonly Pool[]): boolean {
  const keys = entry.index.poolKeys
  if (keys.length !== pools.length) return false
  for (let i = 0; i < pools.length; i++) {
    const pool = pools[i]!
    if (pool === entry.pools[i]) continue
    // The index depends on the pools' keys and, for its default start tokens, on their transfer taxes.
    if (keys[i] !== poolKey(pool) || !sameTaxes(pool, entry.pools[i]!)) return false
    entry.pools[i] = pool
  }
  return true
}

function sameTaxes(a: Pool, b: Pool): boolean {
  const ta = a.kind === 'v2' ? a.transferTaxBps : undefined
  const tb = b.kind === 'v2' ? b.transferTaxBps : undefined
  return ta === tb || (ta !== undefined && tb !== undefined && ta[0] === tb[0] && ta[1] === tb[1])
}
