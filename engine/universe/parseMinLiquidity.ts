import type { Manifest } from '../devnet/manifest.js'
import { ConfigError } from '../errors/ConfigError.js'
import type { Address } from '../market/types.js'
import type { MinLiquidity } from './meetsMinLiquidity.js'

/**
 * Parses `--min-liquidity` values: `TOKEN=AMOUNT` pairs, comma-separated or repeated, where TOKEN is a symbol
 * of the manifest or a 0x address and AMOUNT is base units (digits), e.g. `WETH=10000000000000000000,USDC=25000000000`.
 *
 * @example
 * parseMinLiquidity(['WETH=10000000000000000000'], manifest) // Map { '0xc02a…' => 10n ** 19n }
 */
export function parseMinLiquidity(values: readonly string[], manifest: Manifest): MinLiquidity {
  const floors = new Map<Address, bigint>()
  const expected = 'TOKEN=AMOUNT pairs (a manifest symbol or 0x address, then base units), e.g. WETH=10000000000000000000'
  for (const part of values.flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean)) {
    const m = /^([^=]+)=(\d+)$/.exec(part)
    if (!m) throw new ConfigError('--min-liquidity', expected, part)
    const token = m[1]!.trim()
    const address = /^0x[0-9a-fA-F]{40}$/.test(token) ? token.toLowerCase() : manifest.tokens[token]?.address.toLowerCase()
    if (!address) throw new ConfigError('--min-liquidity', `a token symbol of the manifest (${Object.keys(manifest.tokens).join(', ')}) or a 0x address`, token)
    floors.set(address as Address, BigInt(m[2]!))
  }
  return floors
}
