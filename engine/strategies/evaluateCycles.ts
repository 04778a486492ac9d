import { chooseFlashSource } from '../costs/chooseFlashSource.js'
import type { Address, Hop, MarketState, Opportunity, Pool } from '../market/types.js'
import { logSpotRate } from '../math/logSpotRate.js'
import { MathRevertError } from '../math/MathRevertError.js'
import { optimalInputSearch } from '../math/sizing/optimalInputSearch.js'
import { optimalInputV2V2 } from '../math/sizing/optimalInputV2V2.js'
import type { SizedTrade } from '../math/sizing/types.js'
import type { CycleIndex } from './createCycleIndex.js'

/** Minimum gross profit: one amount for every start token, or per start token (missing tokens: 1). */
export type MinProfit = bigint | Readonly<Record<Address, bigint>>

/** How `evaluateCycles` turns the cycles of an index into opportunities. */
export type CycleEvaluation = {
  strategy: Opportunity['strategy']
  /** Sub-kind for reports, from the cycle's hops. */
  kind: (hops: readonly Hop[]) => string
  minProfit: MinProfit
  /** Input cap per start token; tokens without an entry are uncapped (bounded by the pools). */
  maxAmountIn?: Readonly<Record<Address, bigint>>
  /** When set, only start tokens with an entry here are traded (inventory strategies). */
  requireCap?: boolean
  /** A cycle is sized only when the log of its fee-inclusive spot-rate product exceeds this (default 1e-9). */
  minLogGain?: number
  /** Size at most this many candidates per block, best spot gain first (default 256). */
  maxCandidates?: number
}

/**
 * Scores every cycle of `index` on `state` and sizes the promising ones: per block, one pass computes each
 * pool's fee-inclusive log spot rate in both directions (floats, detection only), sums them per cycle, and
 * sizes cycles whose product of rates exceeds 1 with exact bigint quotes (closed form for two V2 pairs,
 * bracketed search otherwise). Emits cycles whose gross profit reaches `minProfit`. Pools of the index
 * missing from `state` disable their cycles. Candidates whose quote would revert on chain are dropped.
 */
export function evaluateCycles(index: CycleIndex, state: MarketState, evaluation: CycleEvaluation): Opportunity[] {
  const pools = resolvePools(index, state.pools)
  // Every strategy of a block scores the same pools: when the index lists them in the state's order, the
  // rates are computed once per state and shared.
  const rates = pools === state.pools ? sharedRates(state.pools) : poolRates(pools)

  const minLogGain = evaluation.minLogGain ?? 1e-9
  const { cycleOffsets, cycleEdges } = index
  const candidates = scoreCycles(index, rates, minLogGain)
  const maxCandidates = evaluation.maxCandidates ?? 256
  if (candidates.length > maxCandidates) {
    candidates.sort((a, b) => b.gain - a.gain)
    candidates.length = maxCandidates
  }

  // Config records may use checksummed addresses; the market's are lower-case.
  const caps = lowerKeys(evaluation.maxAmountIn)
  const minProfit = typeof evaluation.minProfit === 'bigint' ? evaluation.minProfit : lowerKeys(evaluation.minProfit)
  const opportunities: Opportunity[] = []
  for (const { cycle } of candidates) {
    const startToken = index.cycleStartTokens[cycle]!
    const cap = caps?.[startToken]
    if (evaluation.requireCap && cap === undefined) continue
    if (cap !== undefined && cap <= 0n) continue
    const hops: Hop[] = []
    for (let k = cycleOffsets[cycle]!; k < cycleOffsets[cycle + 1]!; k++) {
      const e = cycleEdges[k]!
      const pool = pools[e >> 1]!
      const zeroForOne = (e & 1) === 0
      hops.push({ pool, zeroForOne, tokenIn: zeroForOne ? pool.token0 : pool.token1, tokenOut: zeroForOne ? pool.token1 : pool.token0 })
    }
    const route = { hops, startToken }
    const sized = size(route, cap)
    if (!sized || sized.profit < minProfitOf(minProfit, startToken)) continue
    opportunities.push({
      strategy: evaluation.strategy,
      kind: evaluation.kind(hops),
      route,
      amountIn: sized.amountIn,
      expectedOut: sized.amountOut,
      expectedProfit: sized.profit,
      blockNumber: state.blockNumber,
      ...(state.lenders ? { flash: chooseFlashSource(route, sized.amountIn, state.lenders) } : {}),
    })
  }
  return opportunities
}

/** Cycles whose summed log rate exceeds `minLogGain`: one fixed-stride loop per cycle length. */
function scoreCycles(index: CycleIndex, rates: Float64Array, minLogGain: number): Array<{ cycle: number; gain: number }> {
  const { cycleOffsets, cycleEdges } = index
  const candidates: Array<{ cycle: number; gain: number }> = []
  for (const { first, count, hops } of index.segments) {
    const end = first + count
    let k = cycleOffsets[first]!
    if (hops === 2) {
      for (let c = first; c < end; c++, k += 2) {
        const gain = rates[cycleEdges[k]!]! + rates[cycleEdges[k + 1]!]!
        if (gain > minLogGain) candidates.push({ cycle: c, gain })
      }
    } else if (hops === 3) {
      for (let c = first; c < end; c++, k += 3) {
        const gain = rates[cycleEdges[k]!]! + rates[cycleEdges[k + 1]!]! + rates[cycleEdges[k + 2]!]!
        if (gain > minLogGain) candidates.push({ cycle: c, gain })
      }
    } else if (hops === 4) {
      for (let c = first; c < end; c++, k += 4) {
        const gain = rates[cycleEdges[k]!]! + rates[cycleEdges[k + 1]!]! + rates[cycleEdges[k + 2]!]! + rates[cycleEdges[k + 3]!]!
        if (gain > minLogGain) candidates.push({ cycle: c, gain })
      }
    } else {
      for (let c = first; c < end; c++) {
        let gain = 0
        for (let j = 0; j < hops; j++, k++) gain += rates[cycleEdges[k]!]!
        if (gain > minLogGain) candidates.push({ cycle: c, gain })
      }
    }
  }
  return candidates
}

const ratesByPools = new WeakMap<readonly Pool[], Float64Array>()

function sharedRates(pools: readonly Pool[]): Float64Array {
  let rates = ratesByPools.get(pools)
  if (!rates) ratesByPools.set(pools, (rates = poolRates(pools)))
  return rates
}

// Both rates of a pool object, computed once: the market reader hands out the same object for a pool whose state
// did not change since the previous block, so in a large universe most pools cost a lookup, not two logs of bigints.
const ratesByPool = new WeakMap<Pool, readonly [number, number]>()

/** Fee-inclusive log spot rates, `2i` for pool i token0 -> token1 and `2i + 1` back; -Infinity for a missing pool. */
function poolRates(pools: ReadonlyArray<Pool | undefined>): Float64Array {
  const rates = new Float64Array(pools.length * 2)
  for (let i = 0; i < pools.length; i++) {
    const pool = pools[i]
    if (!pool) {
      rates[2 * i] = -Infinity
      rates[2 * i + 1] = -Infinity
      continue
    }
    let pair = ratesByPool.get(pool)
    if (!pair) {
      // ln(rate 1->0) = 2 ln(1 - fee) - ln(rate 0->1): one log price per pool (V4 fees may differ by direction).
      const forward = logSpotRate(pool, true)
      pair = [forward, forward === -Infinity ? -Infinity : pool.kind === 'v4' ? logSpotRate(pool, false) : 2 * logFeeFactor(pool) - forward]
      ratesByPool.set(pool, pair)
    }
    rates[2 * i] = pair[0]
    rates[2 * i + 1] = pair[1]
  }
  return rates
}

function size(route: { hops: Hop[]; startToken: Address }, cap: bigint | undefined): SizedTrade | null {
  try {
    const [a, b] = route.hops
    if (route.hops.length === 2 && a!.pool.kind === 'v2' && b!.pool.kind === 'v2') return optimalInputV2V2(route, cap)
    return optimalInputSearch(route, cap === undefined ? {} : { maxAmountIn: cap })
  } catch (error) {
    if (error instanceof MathRevertError) return null
    throw error
  }
}

function logFeeFactor(pool: Pool): number {
  if (pool.kind === 'v2') return Math.log1p(-pool.feeBps / 10_000)
  if (pool.kind === 'balancer') return Math.log1p(-Number(pool.swapFee) / 1e18)
  return Math.log1p(-pool.fee / 1_000_000)
}

function lowerKeys<T>(record: Readonly<Record<string, T>> | undefined): Record<string, T> | undefined {
  if (!record) return undefined
  const out: Record<string, T> = {}
  for (const [key, value] of Object.entries(record)) out[key.toLowerCase()] = value
  return out
}

function minProfitOf(minProfit: bigint | Readonly<Record<string, bigint>> | undefined, token: Address): bigint {
  if (minProfit === undefined) return 1n
  if (typeof minProfit === 'bigint') return minProfit
  return minProfit[token] ?? 1n
}

/** The state's pools in index order; the common case (same list as when indexed) costs one pass. */
function resolvePools(index: CycleIndex, pools: readonly Pool[]): Array<Pool | undefined> {
  const addresses = index.poolAddresses
  if (pools.length === addresses.length) {
    let same = true
    for (let i = 0; i < pools.length; i++) {
      if (pools[i]!.address !== addresses[i]) {
        same = false
        break
      }
    }
    if (same) return pools as Pool[]
  }
  const byAddress = new Map(pools.map((p) => [p.address, p]))
  return addresses.map((a) => byAddress.get(a))
}

/** The pool kinds of a cycle as a category, sorted so both directions agree: 'v2-v2', 'v2-v3', 'balancer-v3', 'v3-v4'. */
export function poolKinds(hops: readonly Hop[]): string {
  return hops.map((h) => h.pool.kind).sort().join('-')
}
