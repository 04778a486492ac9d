import { basename } from 'node:path'
import { mainnetProfile } from '../engine/devnet/mainnetProfile.js'
import { ConfigError } from '../engine/errors/ConfigError.js'
import type { PoolIdentity } from './historyTimeline.js'

/**
 * Who a pool file describes. An explicit spec `TOKEN0/TOKEN1@FEE` (e.g. `USDC/WETH@500`, token order as in
 * the pool) wins; otherwise a mainnet pool address in the file name (demeter-fetch names files
 * `ethereum-0x…-DATE.*.csv`) is looked up in the mainnet profile; a V2 file defaults to Uniswap V2
 * USDC/WETH (fee 3000).
 *
 * @example
 * resolvePoolIdentity('v3', 'ethereum-0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640-2024-01-05.tick.csv')
 * // { venue: 'uniswap-v3', fee: 500, token0: 'USDC', token1: 'WETH', sourceAddress: '0x88e6…' }
 */
export function resolvePoolIdentity(kind: 'v2' | 'v3', path: string, spec?: string): PoolIdentity {
  const flag = kind === 'v2' ? '--v2' : '--v3'
  if (spec) {
    const m = /^([A-Za-z0-9]+)\/([A-Za-z0-9]+)(?:@(\d+))?(?::(uniswap-v2|sushiswap))?$/.exec(spec)
    if (!m) throw new ConfigError(flag, 'TOKEN0/TOKEN1@FEE[:VENUE] (e.g. USDC/WETH@500)', spec)
    const fee = m[3] ? Number(m[3]) : kind === 'v2' ? 3000 : undefined
    if (fee === undefined) throw new ConfigError(flag, 'a fee tier for a V3 pool (e.g. USDC/WETH@500)', spec)
    return { venue: kind === 'v3' ? 'uniswap-v3' : ((m[4] as 'uniswap-v2' | 'sushiswap' | undefined) ?? 'uniswap-v2'), fee, token0: m[1]!.toUpperCase(), token1: m[2]!.toUpperCase() }
  }
  const address = /0x[0-9a-fA-F]{40}/.exec(basename(path))?.[0]?.toLowerCase()
  const pool = address ? mainnetProfile.pools.find((p) => p.address === address) : undefined
  if (pool && (pool.venue === 'uniswap-v2' || pool.venue === 'sushiswap' || pool.venue === 'uniswap-v3') && (pool.venue === 'uniswap-v3') === (kind === 'v3')) {
    const symbol = (a: string) => Object.entries(mainnetProfile.tokens).find(([, t]) => t.address === a)?.[0]
    return { venue: pool.venue, fee: pool.fee, token0: symbol(pool.token0)!, token1: symbol(pool.token1)!, sourceAddress: pool.address }
  }
  if (kind === 'v2') return { venue: 'uniswap-v2', fee: 3000, token0: 'USDC', token1: 'WETH' }
  throw new ConfigError(flag, `TOKEN0/TOKEN1@FEE=${path}: the file name names no known mainnet V3 pool`, path)
}
