import type { Address } from '../market/types.js'

/** Pool kinds discovery knows; `balancer` covers every Balancer V2 pool (the type is in `poolType`). */
export type DiscoveredKind = 'v2' | 'v3' | 'v4' | 'balancer'

/** A factory, PoolManager or Vault whose creation events discovery reads. */
export type DiscoverySource = { venue: string; kind: DiscoveredKind; emitter: Address }

/**
 * One pool found in a creation event, as stored in the `pools` table. `poolId` is the pool's address for V2
 * and V3, its 32-byte PoolId for V4 and its 32-byte pool id for Balancer. `fee` is in pips (millionths);
 * null for a V4 pool with a dynamic fee (the hook sets it per swap).
 */
export type DiscoveredPool = {
  poolId: string
  venue: string
  kind: DiscoveredKind
  /** The contract holding the tokens: pair, pool, V4's PoolManager, or the Balancer pool contract. */
  address: Address
  emitter: Address
  createdBlock: bigint
  createdTx: string
  /** Every token, in the pool's order (two except for Balancer). */
  tokens: Address[]
  fee: number | null
  tickSpacing: number | null
  /** V4 hooks contract (the zero address for none). */
  hooks: Address | null
  /** Balancer: 'weighted', or 'specialization-N' for a type the engine does not trade; V4: 'dynamic-fee'. */
  poolType: string | null
  /** Balances in base units, per token, at `liquidityBlock` (V4: virtual reserves at the current price). */
  balances: bigint[] | null
  liquidityBlock: bigint | null
  /** Why the pool is never traded, whatever its liquidity: 'hooks', 'native-currency' (V4), 'unsupported-pool-type', 'no-tokens' (Balancer). */
  excludedReason: string | null
}
