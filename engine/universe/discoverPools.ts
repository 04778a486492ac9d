import type { Hex } from 'viem'
import type { RpcClient } from '../chain/createRpcClient.js'
import type { Manifest } from '../devnet/manifest.js'
import { ConfigError } from '../errors/ConfigError.js'
import type { Address } from '../market/types.js'
import type { Store } from '../store/openStore.js'
import { decodeCreationLog } from './decodeCreationLog.js'
import { creationTopic, discoverySources } from './discoverySources.js'
import { fetchLogs } from './fetchLogs.js'
import { meetsMinLiquidity, type MinLiquidity } from './meetsMinLiquidity.js'
import { fromPoolRow, toPoolRow, type PoolRow } from './poolRows.js'
import { readPoolBalances } from './readPoolBalances.js'
import { readTokenMetadata } from './readTokenMetadata.js'
import type { DiscoveredPool, DiscoverySource } from './types.js'

export type DiscoverPoolsOptions = {
  rpc: RpcClient
  store: Store
  /** Where the factories, PoolManager and Vault are (the chain's manifest or the mainnet profile). */
  manifest: Manifest
  from: bigint
  /** Last block to read, inclusive; balances are read at this block. */
  to: bigint
  /** Per-token balance floors deciding `pools.liquid`. Empty: any pool with every balance positive. */
  minLiquidity?: MinLiquidity
  /** Blocks per `eth_getLogs` window (halved when a node refuses it). Default 5,000. */
  window?: bigint
  /** After each window is stored. */
  onProgress?: (progress: { block: bigint; to: bigint; newPools: number }) => void
}

export type DiscoverySummary = {
  chainId: number
  /** Per emitter: the blocks read by this call (null when the cursor was already past `to`). */
  scanned: Array<{ venue: string; emitter: Address; from: bigint; to: bigint } | { venue: string; emitter: Address; from: null; to: null }>
  newPools: number
  pools: number
  liquidPools: number
  byVenue: Record<string, { pools: number; liquid: number }>
  newTokens: number
}

/**
 * Reads the creation events of every emitter of the manifest (Uniswap V2 `PairCreated`, SushiSwap, V3
 * `PoolCreated`, V4 `Initialize`, Balancer V2 `PoolRegistered`) from `from` to `to` into the `pools` table,
 * resuming each emitter after the last block it read (`discovery_cursors`, saved with each window's pools in
 * one transaction, so an interrupted scan loses nothing). Then reads every pool's balances at `to`, marks
 * `liquid` against `minLiquidity`, and stores the metadata of tokens not seen before in `tokens`
 * (screen_status 'unscreened').
 *
 * @example
 * const summary = await discoverPools({ rpc, store, manifest: mainnetProfile, from: 10_000_835n, to: 10_100_000n })
 */
export async function discoverPools(options: DiscoverPoolsOptions): Promise<DiscoverySummary> {
  const { rpc, store, manifest, from, to } = options
  if (to < from) throw new ConfigError('--to', `a block >= --from (${from})`, String(to))
  const chainId = Number(BigInt(await rpc.request<Hex>('eth_chainId')))
  if (chainId !== manifest.chainId) {
    throw new ConfigError('--manifest', `a manifest of the RPC's chain ${chainId}`, `chain ${manifest.chainId}`)
  }
  const head = BigInt(await rpc.request<Hex>('eth_blockNumber'))
  if (to > head) throw new ConfigError('--to', `a block the node has (head ${head})`, String(to))

  const sources = discoverySources(manifest)
  const cursors = new Map(
    (await store.query<{ emitter: string; next_block: bigint }>('SELECT emitter, next_block FROM discovery_cursors WHERE chain_id = $1', [BigInt(chainId)])).map(
      (r) => [r.emitter, r.next_block],
    ),
  )
  const known = new Set((await store.query<{ pool_id: string }>('SELECT pool_id FROM pools WHERE chain_id = $1', [BigInt(chainId)])).map((r) => r.pool_id))
  const v2FeeBps = (venue: string) => (manifest.venues as Record<string, { feeBps?: number }>)[venue]?.feeBps ?? 30

  // Emitters with the same start block are read together, one eth_getLogs per window for all of them.
  const groups = new Map<bigint, DiscoverySource[]>()
  const scanned: DiscoverySummary['scanned'] = []
  for (const source of sources) {
    const cursor = cursors.get(source.emitter)
    const start = cursor !== undefined && cursor > from ? cursor : from
    if (start > to) {
      scanned.push({ venue: source.venue, emitter: source.emitter, from: null, to: null })
      continue
    }
    scanned.push({ venue: source.venue, emitter: source.emitter, from: start, to })
    groups.set(start, [...(groups.get(start) ?? []), source])
  }

  let newPools = 0
  for (const [start, group] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const byEmitter = new Map(group.map((s) => [s.emitter, s]))
    await fetchLogs(rpc, { addresses: [...byEmitter.keys()], topic0s: [...new Set(group.map((s) => creationTopic[s.kind]))], from: start, to, window: options.window }, async (logs, window) => {
      const found: DiscoveredPool[] = []
      for (const log of logs) {
        const source = byEmitter.get(log.address.toLowerCase() as Address)!
        const pool = decodeCreationLog(log, source, v2FeeBps(source.venue))
        if (pool && !known.has(pool.poolId)) {
          known.add(pool.poolId)
          found.push(pool)
        }
      }
      const now = new Date()
      await store.transaction(async () => {
        await store.append('pools', found.map((p) => toPoolRow(chainId, p, null, now)))
        for (const s of group) {
          await store.run(
            'INSERT OR REPLACE INTO discovery_cursors (chain_id, emitter, venue, next_block, updated_at) VALUES ($1, $2, $3, $4, $5)',
            [BigInt(chainId), s.emitter, s.venue, window.to + 1n, now],
          )
        }
      })
      newPools += found.length
      options.onProgress?.({ block: window.to, to, newPools })
    })
  }

  // Balances of every pool of the chain at `to`, then the table rewritten in one transaction.
  const rows = await store.query<PoolRow>('SELECT * FROM pools WHERE chain_id = $1 ORDER BY created_block, pool_id', [BigInt(chainId)])
  const refreshed = await readPoolBalances(rpc, rows.map(fromPoolRow), to, manifest.venues['balancer-v2']?.vault)
  const floors = options.minLiquidity ?? new Map()
  const byVenue: DiscoverySummary['byVenue'] = {}
  let liquidPools = 0
  const poolRows = refreshed.map((p, i) => {
    const liquid = p.excludedReason === null && meetsMinLiquidity(p, floors)
    const v = (byVenue[p.venue] ??= { pools: 0, liquid: 0 })
    v.pools++
    if (liquid) {
      v.liquid++
      liquidPools++
    }
    return toPoolRow(chainId, p, liquid, rows[i]!.discovered_at)
  })

  const knownTokens = new Set((await store.query<{ address: string }>('SELECT address FROM tokens WHERE chain_id = $1', [BigInt(chainId)])).map((r) => r.address))
  const newTokens = [...new Set(refreshed.flatMap((p) => p.tokens))].filter((t) => !knownTokens.has(t)).sort()
  const metadata = await readTokenMetadata(rpc, newTokens, `0x${to.toString(16)}`)

  await store.transaction(async () => {
    await store.run('DELETE FROM pools WHERE chain_id = $1', [BigInt(chainId)])
    await store.append('pools', poolRows)
    await store.append(
      'tokens',
      metadata.map((m) => ({ chain_id: BigInt(chainId), address: m.address, symbol: m.symbol, name: m.name, decimals: m.decimals, screen_status: 'unscreened' })),
    )
  })
  return { chainId, scanned, newPools, pools: poolRows.length, liquidPools, byVenue, newTokens: newTokens.length }
}
