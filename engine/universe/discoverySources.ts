import type { Manifest } from '../devnet/manifest.js'
import type { Address } from '../market/types.js'
import { INITIALIZE, PAIR_CREATED, POOL_CREATED, POOL_REGISTERED } from './creationEvents.js'
import type { DiscoverySource } from './types.js'

/** The creation event each kind of emitter announces pools with. */
export const creationTopic = { v2: PAIR_CREATED, v3: POOL_CREATED, v4: INITIALIZE, balancer: POOL_REGISTERED } as const

/**
 * The emitters of a manifest whose creation events list its pools: each Uniswap V2-style factory
 * (`uniswap-v2`, `sushiswap`), the Uniswap V3 factory, V4's PoolManager and Balancer V2's Vault when the
 * manifest has them.
 */
export function discoverySources(manifest: Manifest): DiscoverySource[] {
  const v = manifest.venues
  const sources: DiscoverySource[] = [
    { venue: 'uniswap-v2', kind: 'v2', emitter: v['uniswap-v2'].factory },
    { venue: 'sushiswap', kind: 'v2', emitter: v.sushiswap.factory },
    { venue: 'uniswap-v3', kind: 'v3', emitter: v['uniswap-v3'].factory },
  ]
  if (v['uniswap-v4']) sources.push({ venue: 'uniswap-v4', kind: 'v4', emitter: v['uniswap-v4'].poolManager })
  if (v['balancer-v2']) sources.push({ venue: 'balancer-v2', kind: 'balancer', emitter: v['balancer-v2'].vault })
  return sources.map((s) => ({ ...s, emitter: s.emitter.toLowerCase() as Address }))
}
