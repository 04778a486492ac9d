import { concatHex, numberToHex, type Hex } from 'viem'
import type { Route } from '../market/types.js'

/**
 * Packs a route for `ArbExecutor.execute`/`executeFlash` (see the encoding in contracts/src/ArbExecutor.sol):
 * startToken (20 bytes) ++ per hop: flags (bit0 V3, bit1 zeroForOne) ++ pool (20) ++ tokenOut (20) ++ v2FeeBps (uint16).
 *
 * @example
 * encodeRoute({ startToken: weth, hops: [{ pool: v2, tokenIn: weth, tokenOut: usdc, zeroForOne: true }, …] })
 */
export function encodeRoute(route: Route): Hex {
  const parts: Hex[] = [route.startToken.toLowerCase() as Hex]
  for (const hop of route.hops) {
    const flags = (hop.pool.kind === 'v3' ? 1 : 0) | (hop.zeroForOne ? 2 : 0)
    const fee = hop.pool.kind === 'v2' ? hop.pool.feeBps : 0
    parts.push(numberToHex(flags, { size: 1 }), hop.pool.address.toLowerCase() as Hex, hop.tokenOut.toLowerCase() as Hex, numberToHex(fee, { size: 2 }))
  }
  return concatHex(parts)
}

/** Human-readable route for DuckDB and reports: `WETH -[uniswap-v2]-> USDC -[uniswap-v3:500]-> WETH`. */
export function describeRoute(route: Route, symbol: (address: string) => string): string {
  let out = symbol(route.startToken)
  for (const hop of route.hops) {
    const venue = hop.pool.kind === 'v3' ? `${hop.pool.venue}:${hop.pool.fee}` : hop.pool.venue
    out += ` -[${venue}]-> ${symbol(hop.tokenOut)}`
  }
  return out
}
