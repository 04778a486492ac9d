import type { Address, Route, V2Pool, V3Pool, V3Tick } from '../../market/types.js'
import { getSqrtRatioAtTick } from '../v3/getSqrtRatioAtTick.js'

/** Test fixtures: small pool builders shared by the math and strategy tests. */

export const TOKEN_A: Address = '0x000000000000000000000000000000000000000a'
export const TOKEN_B: Address = '0x000000000000000000000000000000000000000b'
export const TOKEN_C: Address = '0x000000000000000000000000000000000000000c'

/** A V2 pair; `token0`/`token1` as given (callers keep them sorted when it matters). */
export function v2Pool(address: Address, token0: Address, token1: Address, reserve0: bigint, reserve1: bigint, feeBps = 30, venue = 'uniswap-v2'): V2Pool {
  return { kind: 'v2', address, venue, token0, token1, reserve0, reserve1, feeBps }
}

/** A V3 pool at `tick` with one position [lower, upper] of `liquidity` (spacing-aligned). */
export function v3Pool(address: Address, token0: Address, token1: Address, tick: number, liquidity: bigint, options: { fee?: number; tickSpacing?: number; lower?: number; upper?: number } = {}): V3Pool {
  const tickSpacing = options.tickSpacing ?? 60
  const lower = options.lower ?? Math.floor((tick - 6000) / tickSpacing) * tickSpacing
  const upper = options.upper ?? Math.ceil((tick + 6000) / tickSpacing) * tickSpacing
  const ticks: V3Tick[] = [
    { index: lower, liquidityNet: liquidity },
    { index: upper, liquidityNet: -liquidity },
  ]
  return { kind: 'v3', address, venue: 'uniswap-v3', token0, token1, fee: options.fee ?? 3000, tickSpacing, sqrtPriceX96: getSqrtRatioAtTick(tick), tick, liquidity, ticks }
}

/** A route through `pools`, starting with `startToken`, each hop leaving by the pool's other token. */
export function routeThrough(startToken: Address, pools: Array<V2Pool | V3Pool>): Route {
  let token = startToken
  const hops = pools.map((pool) => {
    const zeroForOne = pool.token0 === token
    const tokenOut = zeroForOne ? pool.token1 : pool.token0
    const hop = { pool, tokenIn: token, tokenOut, zeroForOne }
    token = tokenOut
    return hop
  })
  return { startToken, hops }
}
