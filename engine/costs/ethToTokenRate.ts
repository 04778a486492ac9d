import type { Address, MarketState } from '../market/types.js'
import { ONE, type Rate } from './price.js'

const Q192 = 1n << 192n

/**
 * Wei → `token` base units at the block's own pool price: the V2 pair of WETH and `token` with the most WETH,
 * else the V3 pool with the most liquidity (price from sqrtPriceX96, exact). ONE for WETH itself; null when
 * no pool pairs the two (the caller cannot price gas in that token).
 */
export function ethToTokenRate(state: MarketState, weth: Address, token: Address): Rate | null {
  if (token === weth) return ONE
  let best: Rate | null = null
  let bestDepth = -1n
  for (const p of state.pools) {
    if (p.kind !== 'v2') continue
    const wethIs0 = p.token0 === weth && p.token1 === token
    const wethIs1 = p.token1 === weth && p.token0 === token
    if (!wethIs0 && !wethIs1) continue
    const [rWeth, rToken] = wethIs0 ? [p.reserve0, p.reserve1] : [p.reserve1, p.reserve0]
    if (rWeth > bestDepth && rWeth > 0n) {
      bestDepth = rWeth
      best = { num: rToken, den: rWeth }
    }
  }
  if (best) return best
  for (const p of state.pools) {
    if (p.kind !== 'v3' || p.sqrtPriceX96 === 0n) continue
    const wethIs0 = p.token0 === weth && p.token1 === token
    const wethIs1 = p.token1 === weth && p.token0 === token
    if (!wethIs0 && !wethIs1) continue
    if (p.liquidity > bestDepth) {
      bestDepth = p.liquidity
      const p2 = p.sqrtPriceX96 * p.sqrtPriceX96 // token1 per token0, times 2^192
      best = wethIs0 ? { num: p2, den: Q192 } : { num: Q192, den: p2 }
    }
  }
  return best
}
