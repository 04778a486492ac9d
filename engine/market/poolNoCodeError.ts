import type { ManifestPool } from '../devnet/manifest.js'
import { BaseError } from '../errors/BaseError.js'

/**
 * The error for a pool with no code at the block read (a range that starts before the pool was deployed),
 * naming the pool and its venue as the manifest lists them.
 *
 * @example
 * throw poolNoCodeError(manifest.pools, '0xabc…', 18_000_000n)
 */
export function poolNoCodeError(pools: readonly ManifestPool[], address: string, block: bigint, cause?: unknown): BaseError {
  const p = pools.find((x) => x.address.toLowerCase() === address.toLowerCase())
  return new BaseError(`Pool ${p?.address ?? address} (${p?.venue ?? 'not in the manifest'}) has no code at block ${block}`, cause === undefined ? {} : { cause })
}
