import type { Address } from '../market/types.js'
import type { DiscoveredKind, DiscoveredPool } from './types.js'

/** The `pools` row of a discovered pool (see engine/store/SCHEMA.md). */
export function toPoolRow(chainId: number, pool: DiscoveredPool, liquid: boolean | null, discoveredAt: Date): Record<string, unknown> {
  return {
    chain_id: BigInt(chainId),
    pool_id: pool.poolId,
    venue: pool.venue,
    kind: pool.kind,
    address: pool.address,
    emitter: pool.emitter,
    created_block: pool.createdBlock,
    created_tx: pool.createdTx,
    token0: pool.tokens[0] ?? '',
    token1: pool.tokens[1] ?? '',
    tokens_json: JSON.stringify(pool.tokens),
    fee: pool.fee,
    tick_spacing: pool.tickSpacing,
    hooks: pool.hooks,
    pool_type: pool.poolType,
    balance0: hugeint(pool.balances?.[0]),
    balance1: hugeint(pool.balances?.[1]),
    balances_json: pool.balances ? JSON.stringify(pool.balances.map(String)) : null,
    liquidity_block: pool.liquidityBlock,
    liquid,
    excluded_reason: pool.excludedReason,
    discovered_at: discoveredAt,
  }
}

const HUGEINT_MAX = 2n ** 127n - 1n
/** A balance as HUGEINT, or NULL when a token reports one beyond it (`balances_json` keeps the exact value). */
const hugeint = (b: bigint | undefined) => (b === undefined || b > HUGEINT_MAX ? null : b)

/** A `pools` row as the store returns it. */
export type PoolRow = {
  pool_id: string
  venue: string
  kind: string
  address: string
  emitter: string
  created_block: bigint
  created_tx: string
  tokens_json: string
  fee: number | null
  tick_spacing: number | null
  hooks: string | null
  pool_type: string | null
  balances_json: string | null
  liquidity_block: bigint | null
  liquid: boolean | null
  excluded_reason: string | null
  discovered_at: Date
}

/** Back from a `pools` row. */
export function fromPoolRow(row: PoolRow): DiscoveredPool {
  return {
    poolId: row.pool_id,
    venue: row.venue,
    kind: row.kind as DiscoveredKind,
    address: row.address as Address,
    emitter: row.emitter as Address,
    createdBlock: row.created_block,
    createdTx: row.created_tx,
    tokens: JSON.parse(row.tokens_json) as Address[],
    fee: row.fee,
    tickSpacing: row.tick_spacing,
    hooks: row.hooks as Address | null,
    poolType: row.pool_type,
    balances: row.balances_json ? (JSON.parse(row.balances_json) as string[]).map(BigInt) : null,
    liquidityBlock: row.liquidity_block,
    excludedReason: row.excluded_reason,
  }
}
