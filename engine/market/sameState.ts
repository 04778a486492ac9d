import type { Pool } from './types.js'

/**
 * Whether two reads of one pool hold the same state, field by field as strategies read it (V3/V4 ticks by
 * array identity: the reader keeps a tick list until the pool's liquidity map changes).
 */
export function sameState(a: Pool, b: Pool): boolean {
  if (a.kind === 'v2' && b.kind === 'v2') return a.reserve0 === b.reserve0 && a.reserve1 === b.reserve1 && a.feeBps === b.feeBps
  if (a.kind === 'v3' && b.kind === 'v3') return a.sqrtPriceX96 === b.sqrtPriceX96 && a.tick === b.tick && a.liquidity === b.liquidity && a.ticks === b.ticks && a.fee === b.fee
  if (a.kind === 'v4' && b.kind === 'v4') {
    return a.sqrtPriceX96 === b.sqrtPriceX96 && a.tick === b.tick && a.liquidity === b.liquidity && a.ticks === b.ticks && a.fee === b.fee && a.protocolFee === b.protocolFee
  }
  if (a.kind === 'balancer' && b.kind === 'balancer') {
    return a.balance0 === b.balance0 && a.balance1 === b.balance1 && a.swapFee === b.swapFee && a.scaling0 === b.scaling0 && a.scaling1 === b.scaling1
  }
  return false
}
