import { concatHex, numberToHex, type Hex } from 'viem'
import type { Address, Route } from '../market/types.js'
import { routeTransferTaxes } from '../math/transferTax.js'

/** The hop's venue bits of the route encoding (contracts/src/ArbExecutor.sol): V3 1, Balancer V2 4, Uniswap V4 8, V2 0. */
const VENUE_FLAG: Record<Route['hops'][number]['pool']['kind'], number> = { v2: 0, v3: 1, balancer: 4, v4: 8 }
/** A V2 hop that swaps the pair's balance beyond its reserve: its input is a taxed token that arrived short. */
const FLAG_FROM_BALANCE = 16

/**
 * Packs a route for `ArbExecutor.execute`/`executeFlash*` (see the encoding in contracts/src/ArbExecutor.sol):
 * startToken (20 bytes) ++ per hop: flags (venue bits, bit1 zeroForOne) ++ pool (20) ++ tokenOut (20) ++ v2FeeBps
 * (uint16), and for a V4 hop its pool key's fee (uint24) and tick spacing (int24); a V4 hop's pool is the PoolManager.
 * A V2 hop selling a taxed token (`transferTaxBps`) gets the from-balance bit (16).
 *
 * @example
 * encodeRoute({ startToken: weth, hops: [{ pool: v2, tokenIn: weth, tokenOut: usdc, zeroForOne: true }, …] })
 */
export function encodeRoute(route: Route): Hex {
  const parts: Hex[] = [route.startToken.toLowerCase() as Hex]
  const taxes = routeTransferTaxes(route)
  for (const hop of route.hops) {
    const pool = hop.pool
    const fromBalance = pool.kind === 'v2' && taxes.has(hop.tokenIn.toLowerCase() as Address) ? FLAG_FROM_BALANCE : 0
    const flags = VENUE_FLAG[pool.kind] | (hop.zeroForOne ? 2 : 0) | fromBalance
    const fee = pool.kind === 'v2' ? pool.feeBps : 0
    const target = pool.kind === 'v4' ? pool.poolManager : pool.address
    parts.push(numberToHex(flags, { size: 1 }), target.toLowerCase() as Hex, hop.tokenOut.toLowerCase() as Hex, numberToHex(fee, { size: 2 }))
    if (pool.kind === 'v4') parts.push(numberToHex(pool.fee, { size: 3 }), numberToHex(BigInt.asUintN(24, BigInt(pool.tickSpacing)), { size: 3 }))
  }
  return concatHex(parts)
}

/** Human-readable route for DuckDB and reports: `WETH -[uniswap-v2]-> USDC -[uniswap-v3:500]-> WETH`. */
export function describeRoute(route: Route, symbol: (address: string) => string): string {
  let out = symbol(route.startToken)
  for (const hop of route.hops) {
    const venue = hop.pool.kind === 'v2' ? hop.pool.venue : `${hop.pool.venue}:${hop.pool.kind === 'balancer' ? Number(hop.pool.swapFee / 10n ** 12n) : hop.pool.fee}`
    out += ` -[${venue}]-> ${symbol(hop.tokenOut)}`
  }
  return out
}
