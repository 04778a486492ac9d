import type { Manifest } from './manifest.js'

/**
 * The manifest's constant transfer taxes (tokens' `transferTaxBps`, from screening) as the field a V2 pool of
 * `token0`/`token1` carries: `{ transferTaxBps: [bps0, bps1] }` when either is taxed, else nothing.
 *
 * @example
 * const taxOf = manifestTransferTaxes(manifest)
 * const pool: V2Pool = { kind: 'v2', ...rest, ...taxOf(p) }
 */
export function manifestTransferTaxes(manifest: Manifest): (pool: { token0: string; token1: string }) => { transferTaxBps?: readonly [number, number] } {
  const taxes = new Map<string, number>()
  for (const t of Object.values(manifest.tokens)) if (t.transferTaxBps) taxes.set(t.address.toLowerCase(), t.transferTaxBps)
  return (pool) => {
    if (taxes.size === 0) return {}
    const bps0 = taxes.get(pool.token0.toLowerCase()) ?? 0
    const bps1 = taxes.get(pool.token1.toLowerCase()) ?? 0
    return bps0 > 0 || bps1 > 0 ? { transferTaxBps: [bps0, bps1] } : {}
  }
}
