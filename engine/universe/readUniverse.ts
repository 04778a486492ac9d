import type { Address } from '../market/types.js'
import type { Store } from '../store/openStore.js'
import { fromPoolRow, type PoolRow } from './poolRows.js'
import type { DiscoveredKind, DiscoveredPool } from './types.js'

/** A stored token: metadata and screening verdict. */
export type UniverseToken = {
  address: Address
  symbol: string | null
  decimals: number | null
  screenStatus: 'unscreened' | 'ok' | 'flagged'
  screenReason: string | null
  transferTaxBps: number | null
}

/** The discovered market of one chain, split into what routes may use and what they may not, and why. */
export type Universe = {
  chainId: number
  tokens: Map<Address, UniverseToken>
  /**
   * Liquid pools with no static exclusion, no flagged token and a kind in `kinds`; also the V2 pools of a
   * fee-on-transfer token with a constant measured tax (`transferTaxBps`), which routes quote with that tax.
   */
  tradable: DiscoveredPool[]
  /** Every other pool with the reason: its own `excluded_reason`, 'illiquid', 'flagged-token', 'kind-not-traded'. */
  excluded: Array<{ pool: DiscoveredPool; reason: string }>
}

/**
 * Reads the `pools` and `tokens` of `chainId` from the store and decides which pools routes may use.
 * A pool with a token flagged by screening (fee-on-transfer, rebasing, reverting transfers) is left out, unless
 * it is a V2 pair and the flag is a constant transfer tax (`transfer_tax_bps`): the executor swaps such a token
 * from the pair's balance and quotes take the tax off (`engine/math/transferTax.ts`).
 *
 * @example
 * const { tradable } = await readUniverse(store, 1, { kinds: ['v2', 'v3'] })
 */
export async function readUniverse(store: Store, chainId: number, options: { kinds?: readonly DiscoveredKind[] } = {}): Promise<Universe> {
  const kinds = new Set(options.kinds ?? ['v2', 'v3', 'v4', 'balancer'])
  const tokenRows = await store.query<{
    address: string
    symbol: string | null
    decimals: number | null
    screen_status: UniverseToken['screenStatus']
    screen_reason: string | null
    transfer_tax_bps: number | null
  }>('SELECT address, symbol, decimals, screen_status, screen_reason, transfer_tax_bps FROM tokens WHERE chain_id = $1 ORDER BY address', [BigInt(chainId)])
  const tokens = new Map<Address, UniverseToken>(
    tokenRows.map((t) => [
      t.address as Address,
      { address: t.address as Address, symbol: t.symbol, decimals: t.decimals, screenStatus: t.screen_status, screenReason: t.screen_reason, transferTaxBps: t.transfer_tax_bps },
    ]),
  )
  const rows = await store.query<PoolRow>('SELECT * FROM pools WHERE chain_id = $1 ORDER BY created_block, pool_id', [BigInt(chainId)])
  const tradable: DiscoveredPool[] = []
  const excluded: Universe['excluded'] = []
  for (const row of rows) {
    const pool = fromPoolRow(row)
    const flagged = pool.tokens.find((t) => tokens.get(t)?.screenStatus === 'flagged' && !(pool.kind === 'v2' && routableTax(tokens.get(t)!)))
    const reason =
      pool.excludedReason ??
      (flagged ? `flagged-token:${tokens.get(flagged)!.screenReason ?? 'flagged'}` : !row.liquid ? 'illiquid' : !kinds.has(pool.kind) ? 'kind-not-traded' : null)
    if (reason) excluded.push({ pool, reason })
    else tradable.push(pool)
  }
  return { chainId, tokens, tradable, excluded }
}

/** A fee-on-transfer token whose screening measured a constant tax (stored only then). */
export function routableTax(token: UniverseToken): boolean {
  return token.screenStatus === 'flagged' && token.screenReason === 'fee-on-transfer' && token.transferTaxBps !== null && token.transferTaxBps > 0 && token.transferTaxBps < 10_000
}
