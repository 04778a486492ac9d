import { chooseFlashSource } from '../costs/chooseFlashSource.js'
import type { Address, Hop, MarketState, Opportunity, Pool } from '../market/types.js'
import { MathRevertError } from '../math/MathRevertError.js'
import { optimalInputSearch } from '../math/sizing/optimalInputSearch.js'
import { optimalInputV2V2 } from '../math/sizing/optimalInputV2V2.js'
import type { SizedTrade } from '../math/sizing/types.js'
import type { CycleIndex } from './createCycleIndex.js'
import type { DetectionCache, SizedCycle } from './createDetectionCache.js'
import { poolRates, sharedPoolRates } from './poolRates.js'
import { resolvePools } from './resolvePools.js'
import { scoreCycles } from './scoreCycles.js'
import { selectCandidates } from './selectCandidates.js'
import { updateCycleScores } from './updateCycleScores.js'

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
 * Scores every cycle of `index` on `state` and sizes the promising ones: one pass computes each pool's
 * fee-inclusive log spot rate in both directions (floats, detection only), sums them per cycle, and sizes
 * cycles whose product of rates exceeds 1 (the cheap pre-filter) with exact bigint quotes (closed form for
 * two V2 pairs, bracketed search otherwise). Emits cycles whose gross profit reaches `minProfit`. Pools of
 * the index missing from `state` disable their cycles. Candidates whose quote would revert on chain are
 * dropped.
 *
 * With a `cache` (one per strategy per run, see `createDetectionCache`), only the cycles through pools that
 * changed since the cached state are re-scored, and a candidate whose pools are all unchanged keeps its
 * sizing: the answer is the same as without the cache.
 */
export function evaluateCycles(index: CycleIndex, state: MarketState, evaluation: CycleEvaluation, cache?: DetectionCache): Opportunity[] {
  const minLogGain = evaluation.minLogGain ?? 1e-9
  const maxCandidates = evaluation.maxCandidates ?? 256
  let pools: ReadonlyArray<Pool | undefined>
  let selected: Int32Array
  if (cache) {
    const scores = (cache.scores = updateCycleScores(cache.scores, index, state.pools, minLogGain))
    pools = scores.pools
    const gains = new Float64Array(scores.memberCount)
    for (let m = 0; m < scores.memberCount; m++) gains[m] = scores.gains[scores.members[m]!]!
    selected = selectCandidates(scores.members, gains, scores.memberCount, maxCandidates)
  } else {
    pools = resolvePools(index, state.pools)
    // Every strategy of a block scores the same pools: when the index lists them in the state's order, the
    // rates are computed once per state and shared.
    const rates = pools === state.pools ? sharedPoolRates(state.pools) : poolRates(pools)
    const { cycles, gains } = scoreCycles(index, rates, minLogGain)
    selected = selectCandidates(cycles, gains, cycles.length, maxCandidates)
  }

  // Sizings of the previous block, reusable for cycles whose pools are the same objects; kept in place, with the
  // entries of cycles not selected this block dropped at the end.
  const reusable = cache?.sized?.index === index && cache.sized.kind === evaluation.kind
  const sized: Map<number, SizedCycle> = reusable ? cache!.sized!.byCycle : new Map()
  const pass = reusable ? cache!.sized!.pass + 1 : 0
  let used = 0
  // Config records may use checksummed addresses; the market's are lower-case.
  const caps = lowerKeys(evaluation.maxAmountIn)
  const minProfit = typeof evaluation.minProfit === 'bigint' ? evaluation.minProfit : lowerKeys(evaluation.minProfit)
  const opportunities: Opportunity[] = []
  for (const cycle of selected) {
    const startToken = index.cycleStartTokens[cycle]!
    const cap = caps?.[startToken]
    if (evaluation.requireCap && cap === undefined) continue
    if (cap !== undefined && cap <= 0n) continue
    let entry = sized.get(cycle)
    if (!entry || entry.cap !== cap || !samePools(index, cycle, entry.hops, pools)) sized.set(cycle, (entry = sizeCycle(index, cycle, pools, cap, evaluation.kind)))
    if (entry.pass !== pass) (entry.pass = pass), used++
    const { trade, route } = entry
    if (!trade || trade.profit < minProfitOf(minProfit, startToken)) continue
    const opportunity: Opportunity = {
      strategy: evaluation.strategy,
      kind: entry.kind,
      route,
      amountIn: trade.amountIn,
      expectedOut: trade.amountOut,
      expectedProfit: trade.profit,
      blockNumber: state.blockNumber,
    }
    if (state.lenders) opportunity.flash = chooseFlashSource(route, trade.amountIn, state.lenders)
    opportunities.push(opportunity)
  }
  if (cache) {
    if (sized.size > used) for (const [cycle, entry] of sized) if (entry.pass !== pass) sized.delete(cycle)
    cache.sized = { index, kind: evaluation.kind, byCycle: sized, pass }
  }
  return opportunities
}

/** Builds a cycle's route on `pools` and sizes it. */
function sizeCycle(index: CycleIndex, cycle: number, pools: ReadonlyArray<Pool | undefined>, cap: bigint | undefined, kind: CycleEvaluation['kind']): SizedCycle {
  const hops: Hop[] = []
  for (let k = index.cycleOffsets[cycle]!; k < index.cycleOffsets[cycle + 1]!; k++) {
    const e = index.cycleEdges[k]!
    const pool = pools[e >> 1]!
    const zeroForOne = (e & 1) === 0
    hops.push({ pool, zeroForOne, tokenIn: zeroForOne ? pool.token0 : pool.token1, tokenOut: zeroForOne ? pool.token1 : pool.token0 })
  }
  const route = { hops, startToken: index.cycleStartTokens[cycle]! }
  return { hops, route, kind: kind(hops), cap, trade: size(route, cap), pass: -1 }
}

/** Whether every hop of a cycle's sized route has the pool is the object `pools` holds for it now (state identity, see `updateCycleScores`). */
function samePools(index: CycleIndex, cycle: number, hops: readonly Hop[], pools: ReadonlyArray<Pool | undefined>): boolean {
  const first = index.cycleOffsets[cycle]!
  for (let j = 0; j < hops.length; j++) if (pools[index.cycleEdges[first + j]! >> 1] !== hops[j]!.pool) return false
  return true
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

/** The pool kinds of a cycle as a category, sorted so both directions agree: 'v2-v2', 'v2-v3', 'balancer-v3', 'v3-v4'. */
export function poolKinds(hops: readonly Hop[]): string {
  return hops.map((h) => h.pool.kind).sort().join('-')
}
