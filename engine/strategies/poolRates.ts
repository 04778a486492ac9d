import type { Pool } from '../market/types.js'
import { logSpotRate } from '../math/logSpotRate.js'

// Both rates of a pool object, computed once: the market reader hands out the same object for a pool whose state
// did not change since the previous block, so in a large universe most pools cost a lookup, not two logs of bigints.
const ratesByPool = new WeakMap<Pool, readonly [number, number]>()

/**
 * A pool's fee-inclusive log spot rates, token0 -> token1 and back (floats, detection only; -Infinity when the
 * pool has no liquidity at its price). Memoized per pool object, so it is observably pure.
 */
export function poolRatePair(pool: Pool): readonly [number, number] {
  let pair = ratesByPool.get(pool)
  if (!pair) {
    // ln(rate 1->0) = 2 ln(1 - fee) - ln(rate 0->1): one log price per pool. Not where the directions differ by more
    // than the price: V4 fees may differ by direction, and a taxed V2 pair's output is taxed by its own token's bps
    // (the shortcut would credit the reverse direction with the forward output's tax).
    const forward = logSpotRate(pool, true)
    const asymmetric = pool.kind === 'v4' || (pool.kind === 'v2' && pool.transferTaxBps !== undefined)
    pair = [forward, forward === -Infinity ? -Infinity : asymmetric ? logSpotRate(pool, false) : 2 * logFeeFactor(pool) - forward]
    ratesByPool.set(pool, pair)
  }
  return pair
}

/** Fee-inclusive log spot rates by edge: `2i` for pool i token0 -> token1 and `2i + 1` back; -Infinity for a missing pool. */
export function poolRates(pools: ReadonlyArray<Pool | undefined>): Float64Array {
  const rates = new Float64Array(pools.length * 2)
  for (let i = 0; i < pools.length; i++) setPoolRates(rates, i, pools[i])
  return rates
}

/** Writes pool i's two edge rates into `rates` (-Infinity when the pool is missing). */
export function setPoolRates(rates: Float64Array, i: number, pool: Pool | undefined): void {
  if (!pool) {
    rates[2 * i] = -Infinity
    rates[2 * i + 1] = -Infinity
    return
  }
  const pair = poolRatePair(pool)
  rates[2 * i] = pair[0]
  rates[2 * i + 1] = pair[1]
}

const ratesByPools = new WeakMap<readonly Pool[], Float64Array>()

/**
 * `poolRates` of a state's pool list, computed once per list: every strategy of a block that indexes the pools
 * in the state's order shares them.
 */
export function sharedPoolRates(pools: readonly Pool[]): Float64Array {
  let rates = ratesByPools.get(pools)
  if (!rates) ratesByPools.set(pools, (rates = poolRates(pools)))
  return rates
}

function logFeeFactor(pool: Pool): number {
  if (pool.kind === 'v2') return Math.log1p(-pool.feeBps / 10_000)
  if (pool.kind === 'balancer') return Math.log1p(-Number(pool.swapFee) / 1e18)
  return Math.log1p(-pool.fee / 1_000_000)
}
