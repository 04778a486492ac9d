import { zeroAddress } from 'viem'
import type { Manifest, ManifestPool } from '../devnet/manifest.js'
import { BaseError } from '../errors/BaseError.js'
import type { Address } from '../market/types.js'
import { routableTax, type Universe } from './readUniverse.js'

/** The venues whose pools a manifest can list (the market reader reads them). */
const manifestVenues = new Set<string>(['uniswap-v2', 'sushiswap', 'uniswap-v3', 'uniswap-v4', 'balancer-v2'])

/**
 * A manifest for `base`'s chain whose pools are the universe's tradable pools (the pools of the venues the
 * market reader reads: Uniswap V2/SushiSwap/V3, hookless static-fee V4 pools of ERC-20s, Balancer weighted pools of
 * 2 to 8 tokens, listed with `tokens` when more than two) and whose tokens are theirs plus `base`'s: a backtest or live run over the discovered market.
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
    // Two tokens, or 3 to 8 for a Balancer weighted pool (its `tokens`, which the Vault keeps ascending).
    const multi = p.kind === 'balancer' && p.tokens.length > 2
    if (p.tokens.length !== 2 && !(multi && p.tokens.length <= 8 && p.tokens.every((t, k) => k === 0 || p.tokens[k - 1]! < t))) continue
    if (!manifestVenues.has(p.venue) || p.fee === null || p.fee <= 0 || !p.tokens.every(usable)) continue
    const base = { address: p.address, venue: p.venue as ManifestPool['venue'], fee: p.fee, token0: p.tokens[0]!, token1: p.tokens[1]!, ...(multi ? { tokens: [...p.tokens] } : {}) }
    // V4: hookless pools of ERC-20s only (the executor settles tokens, not native ether); Balancer: weighted pools.
    if (p.kind === 'v4' && (p.tokens.includes(zeroAddress) || p.tickSpacing === null || p.poolType === 'dynamic-fee')) continue
    if (p.kind === 'balancer' && p.poolType !== 'weighted') continue
    pools.push(p.kind === 'v4' ? { ...base, id: p.poolId, tickSpacing: p.tickSpacing! } : p.kind === 'balancer' ? { ...base, id: p.poolId } : base)
  }
  for (const t of new Set(pools.flatMap((p) => p.tokens ?? [p.token0, p.token1]))) {
    if (listed.has(t)) continue
    const meta = universe.tokens.get(t)!
    const symbol = meta.symbol && /^[\x21-\x7e]+$/.test(meta.symbol) ? meta.symbol : 'TOKEN'
    const key = tokens[symbol] ? `${symbol}-${t.slice(2, 8)}` : symbol
    tokens[key] = { address: t, decimals: meta.decimals!, ...(routableTax(meta) ? { transferTaxBps: meta.transferTaxBps! } : {}) }
    listed.add(t)
  }
  return {
    ...base,
    tokens,
    pools,
    note: `${base.note ? `${base.note} ` : ''}Pools: the discovered universe of chain ${universe.chainId} (${pools.length} tradable pools).`,
  }
}
