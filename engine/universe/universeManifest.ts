import type { Manifest, ManifestPool } from '../devnet/manifest.js'
import { BaseError } from '../errors/BaseError.js'
import type { Address } from '../market/types.js'
import type { Universe } from './readUniverse.js'

/** The venues whose pools a manifest can list (the market reader reads them). */
const manifestVenues = new Set<string>(['uniswap-v2', 'sushiswap', 'uniswap-v3'])

/**
 * A manifest for `base`'s chain whose pools are the universe's tradable pools (of the venues a manifest
 * lists) and whose tokens are theirs plus `base`'s: a backtest or live run over the discovered market.
 * Token keys are symbols, made unique with the address's first hex digits where two tokens share one
 * (`USDC`, `USDC-a0b869`); tokens without readable decimals are left out with their pools.
 *
 * @example
 * const manifest = universeManifest(mainnetProfile, await readUniverse(store, 1))
 */
export function universeManifest(base: Manifest, universe: Universe): Manifest {
  if (base.chainId !== universe.chainId) throw new BaseError(`The universe is of chain ${universe.chainId}, the manifest of chain ${base.chainId}`)
  const tokens: Manifest['tokens'] = { ...base.tokens }
  const listed = new Set(Object.values(base.tokens).map((t) => t.address.toLowerCase()))
  const usable = (t: Address) => listed.has(t) || universe.tokens.get(t)?.decimals != null

  const pools: ManifestPool[] = []
  for (const p of universe.tradable) {
    if (!manifestVenues.has(p.venue) || p.fee === null || p.fee <= 0 || !p.tokens.every(usable)) continue
    pools.push({ address: p.address, venue: p.venue as ManifestPool['venue'], fee: p.fee, token0: p.tokens[0]!, token1: p.tokens[1]! })
  }
  for (const t of new Set(pools.flatMap((p) => [p.token0, p.token1]))) {
    if (listed.has(t)) continue
    const meta = universe.tokens.get(t)!
    const symbol = meta.symbol && /^[\x21-\x7e]+$/.test(meta.symbol) ? meta.symbol : 'TOKEN'
    const key = tokens[symbol] ? `${symbol}-${t.slice(2, 8)}` : symbol
    tokens[key] = { address: t, decimals: meta.decimals! }
    listed.add(t)
  }
  return {
    ...base,
    tokens,
    pools,
    note: `${base.note ? `${base.note} ` : ''}Pools: the discovered universe of chain ${universe.chainId} (${pools.length} tradable pools).`,
  }
}
