/**
 * Detection and sizing benchmark: synthetic markets of 100, 1,000 and 10,000 pools (V2 and V3 mixed), every strategy
 * run per block, incremental (each strategy with its run's DetectionCache, as the engine runs them) against the full
 * evaluation (no cache) on the same states in the same run. Two block models per size:
 * - realistic: 0.5–2% of the pools change per block (50–200 of 10,000, as on mainnet), half of them pools of the
 *   three hub tokens (where mainnet activity concentrates; they are also the pools in the most cycles);
 * - worst case: every pool changes every block.
 * Checks every block that both give the same opportunities. A block's figure is the strategies' time plus the
 * time to compute the changed pools' spot rates (memoized per pool object, so timed once and added to both paths).
 * Wall time is the figure; CPU time (process.cpuUsage: all threads, so GC helpers and concurrent compilation count
 * and it can exceed wall time) and the fastest of three replicas per block
 * (three independent cache sets fed the same blocks; three full runs) are printed next to it because on a shared
 * machine wall-clock tails measure the scheduler. Writes bench/results/detection-<pools>.json per size.
 * Run: npx tsx bench/detection.ts [blocks] [poolCounts] [models], e.g. `npx tsx bench/detection.ts 200 10000 realistic`.
 */
import type { Address, MarketState, Opportunity, Pool } from '../engine/market/types.js'
import { optimalInputSearch } from '../engine/math/sizing/optimalInputSearch.js'
import { optimalInputV2V2 } from '../engine/math/sizing/optimalInputV2V2.js'
import { createDetectionCache, type DetectionCache } from '../engine/strategies/createDetectionCache.js'
import { cycleIndexFor } from '../engine/strategies/cycleIndexFor.js'
import { poolRatePair } from '../engine/strategies/poolRates.js'
import { multiHop } from '../engine/strategies/multiHop.js'
import { spatial } from '../engine/strategies/spatial.js'
import { createRandom, createSyntheticMarket, movePool, perturbMarket } from '../engine/strategies/testing/syntheticMarket.js'
import { triangular } from '../engine/strategies/triangular.js'
import { twoStep } from '../engine/strategies/twoStep.js'
import { loadavg } from 'node:os'
import { percentile, writeResult } from './writeResult.js'

const blocks = Number(process.argv[2] ?? 200)
/** Optional second argument: only these pool counts, e.g. `10000` or `100,1000`. */
const only = process.argv[3]?.split(',').map(Number)
if (!(Number.isInteger(blocks) && blocks >= 1 && blocks <= 100_000)) throw new Error(`blocks (first argument) must be an integer 1..100000, got ${process.argv[2]}`)
const allSizes = [
  { pools: 100, tokens: 20 },
  { pools: 1000, tokens: 100 },
  // The discovered long tail (`arb pools discover`): thousands of pools over many more tokens.
  { pools: 10000, tokens: 1000 },
]
const sizes = only ? allSizes.filter((s) => only.includes(s.pools)) : allSizes
if (sizes.length === 0) throw new Error(`poolCounts (second argument) must list some of ${allSizes.map((s) => s.pools).join(', ')}, got ${process.argv[3]}`)
// A pool that changes moves its price by up to ±SIGMA (log) around the consistent reference market, as if
// arbitrage kept venues near each other: gaps stay near the fees, so a few cycles per block pay.
const SIGMA = 0.002
/** Realistic blocks: this share of the pools changes, uniform in the range. */
const CHANGED_SHARE = { min: 0.005, max: 0.02 }
/** Of the changed pools, this share are pools of a hub token. */
const HUB_SHARE = 0.5
const WARMUP = 50
type Model = 'realistic' | 'worst-case'
const allModels: Model[] = ['realistic', 'worst-case']
/** Optional third argument: only these block models. */
const models = process.argv[4] ? (process.argv[4].split(',') as Model[]) : allModels
if (models.some((m) => !allModels.includes(m))) throw new Error(`models (third argument) must list some of ${allModels.join(', ')}, got ${process.argv[4]}`)

type Percentiles = { p50: number; p99: number; max: number; n: number }
const percentiles = (xs: number[]): Percentiles => ({ p50: round(percentile(xs, 50)), p99: round(percentile(xs, 99)), max: round(percentile(xs, 100)), n: xs.length })
const round = (x: number) => Math.round(x * 1000) / 1000
const now = () => performance.now()
const cpuMs = () => {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}

type Caches = [DetectionCache, DetectionCache, DetectionCache, DetectionCache]
const newCaches = (): Caches => [createDetectionCache(), createDetectionCache(), createDetectionCache(), createDetectionCache()]

/** Every strategy on one state; `detectOnly` scores without sizing anything. */
function runAll(state: MarketState, hubs: Address[], detectOnly: boolean, caches?: Caches): Opportunity[] {
  const gate = detectOnly ? { minLogGain: Infinity } : {}
  return [
    ...spatial(state, { ...gate }, caches?.[0]),
    ...triangular(state, { startTokens: hubs, ...gate }, caches?.[1]),
    ...multiHop(state, { startTokens: hubs.slice(0, 1), maxHops: 4, minHops: 4, ...gate }, caches?.[2]),
    ...twoStep(state, { inventory: { [hubs[0]!]: 10n ** 24n }, ...gate }, caches?.[3]),
  ]
}

/** What must agree between the incremental and the full answer: every route, size and profit, in order. */
const fingerprint = (found: Opportunity[]) =>
  found.map((o) => `${o.strategy}|${o.kind}|${o.route.startToken}|${o.route.hops.map((h) => h.pool.address + (h.zeroForOne ? '+' : '-')).join('')}|${o.amountIn}|${o.expectedProfit}`).join('\n')

/** Sizing time of one route in µs: the fastest of 5 runs (CPU cost, not scheduler noise). */
function timeSizing(o: Opportunity): number {
  const v2v2 = o.route.hops.length === 2 && o.route.hops.every((h) => h.pool.kind === 'v2')
  let best = Infinity
  for (let r = 0; r < 5; r++) {
    const t = now()
    if (v2v2) optimalInputV2V2(o.route)
    else optimalInputSearch(o.route)
    best = Math.min(best, now() - t)
  }
  return best * 1000
}

/** Spatial V2 <-> V2 gaps of 1-3% planted on every V2 pair that has a V2 sibling, to time the closed form. */
function plantedV2Gaps(base: MarketState, random: () => number): Opportunity[] {
  const pools = base.pools.map((p) => {
    const sibling = base.pools.some((q) => q !== p && q.kind === 'v2' && p.kind === 'v2' && q.token0 === p.token0 && q.token1 === p.token1)
    return sibling ? movePool(p, 1 + (random() < 0.5 ? -1 : 1) * (0.01 + 0.02 * random())) : p
  })
  return spatial({ ...base, pools }).filter((o) => o.route.hops.every((h) => h.pool.kind === 'v2'))
}

/** The next block's pools: the chosen ones move (from the reference market), the rest keep their objects. */
function nextPools(current: Pool[], reference: MarketState, random: () => number, chosen: Iterable<number>): Pool[] {
  const pools = [...current]
  for (const i of chosen) pools[i] = movePool(reference.pools[i]!, Math.exp((random() * 2 - 1) * SIGMA))
  return pools
}

/** The pools a realistic block changes: a share of the universe, half of them hub pools. */
function realisticChange(poolCount: number, hubPools: number[], random: () => number): Set<number> {
  const count = Math.round(poolCount * (CHANGED_SHARE.min + (CHANGED_SHARE.max - CHANGED_SHARE.min) * random()))
  const chosen = new Set<number>()
  while (chosen.size < Math.max(1, count)) chosen.add(random() < HUB_SHARE ? hubPools[Math.floor(random() * hubPools.length)]! : Math.floor(random() * poolCount))
  return chosen
}

function measure(size: { pools: number; tokens: number }, base: MarketState, hubs: Address[], model: Model) {
  const hubSet = new Set(hubs)
  const hubPools = base.pools.flatMap((p, i) => (hubSet.has(p.token0) || hubSet.has(p.token1) ? [i] : []))
  const random = createRandom(9)
  // Every pool object comes from movePool, so all share one shape (as a market reader's do): mixing shapes would
  // time V8's polymorphic property access instead.
  let pools = perturbMarket(base, random, SIGMA).pools
  // Three replicas of the run's caches see the same blocks: the fastest of their three times per block (and of three
  // full runs) filters preemption and pauses on a shared machine; the first replica's time is the raw figure.
  const replicas = [newCaches(), newCaches(), newCaches()]
  const scoreCaches = newCaches()
  const times = {
    rates: [] as number[],
    incremental: [] as number[],
    incrementalCpu: [] as number[],
    incrementalBest: [] as number[],
    incrementalScore: [] as number[],
    full: [] as number[],
    fullBest: [] as number[],
    fullScore: [] as number[],
  }
  const changed: number[] = []
  const sizingV2V2: number[] = []
  const sizingSearch: number[] = []
  const opportunitiesPerBlock: number[] = []
  const byStrategy: Record<string, number> = {}
  for (let b = 0; b < blocks + WARMUP; b++) {
    const chosen = model === 'worst-case' ? [...base.pools.keys()] : [...realisticChange(size.pools, hubPools, random)]
    pools = nextPools(pools, base, random, chosen)
    // Each run gets its own copy of the list: the full path shares a block's rates through a memo keyed on it.
    const state = (): MarketState => ({ ...base, pools: [...pools], blockNumber: base.blockNumber + BigInt(b) })
    // The changed pools' spot rates (two logs each), memoized per pool object and shared by every strategy and
    // both paths: timed once and added to each path's figure, so neither finds them paid by the other.
    let t = now()
    let c = cpuMs()
    for (const i of chosen) poolRatePair(pools[i]!)
    const tRates = now() - t
    const cRates = cpuMs() - c
    t = now()
    c = cpuMs()
    const found = runAll(state(), hubs, false, replicas[0])
    const tIncremental = tRates + now() - t
    const cIncremental = cRates + cpuMs() - c
    let tIncrementalBest = tIncremental
    for (const caches of replicas.slice(1)) {
      t = now()
      runAll(state(), hubs, false, caches)
      tIncrementalBest = Math.min(tIncrementalBest, tRates + now() - t)
    }
    t = now()
    runAll(state(), hubs, true, scoreCaches)
    const tIncrementalScore = tRates + now() - t
    t = now()
    const full = runAll(state(), hubs, false)
    const tFull = tRates + now() - t
    let tFullBest = tFull
    for (let k = 0; k < 2; k++) {
      t = now()
      runAll(state(), hubs, false)
      tFullBest = Math.min(tFullBest, tRates + now() - t)
    }
    t = now()
    runAll(state(), hubs, true)
    const tFullScore = tRates + now() - t
    if (fingerprint(found) !== fingerprint(full)) throw new Error(`block ${b} (${model}, ${size.pools} pools): the incremental answer differs from the full one`)
    if (b < WARMUP) continue // JIT warm-up, and the caches' first (full) block
    changed.push(chosen.length)
    times.rates.push(tRates)
    times.incremental.push(tIncremental)
    times.incrementalCpu.push(cIncremental)
    times.incrementalBest.push(tIncrementalBest)
    times.incrementalScore.push(tIncrementalScore)
    times.full.push(tFull)
    times.fullBest.push(tFullBest)
    times.fullScore.push(tFullScore)
    opportunitiesPerBlock.push(found.length)
    for (const [k, o] of found.entries()) {
      byStrategy[o.strategy] = (byStrategy[o.strategy] ?? 0) + 1
      if (k % 10 !== 0) continue // a sample keeps the benchmark short
      const v2v2 = o.route.hops.length === 2 && o.route.hops.every((h) => h.pool.kind === 'v2')
      ;(v2v2 ? sizingV2V2 : sizingSearch).push(timeSizing(o))
    }
  }
  for (let k = 0; k < 5; k++) for (const o of plantedV2Gaps(base, random)) sizingV2V2.push(timeSizing(o))
  return {
    model,
    changedPoolsPerBlock:
      model === 'worst-case'
        ? { all: size.pools }
        : { share: CHANGED_SHARE, hubShare: HUB_SHARE, mean: round(changed.reduce((a, x) => a + x, 0) / changed.length), min: Math.min(...changed), max: Math.max(...changed) },
    changedPoolRatesMsPerBlock: percentiles(times.rates),
    incremental: {
      detectionAndSizingMsPerBlock: percentiles(times.incremental),
      detectionAndSizingCpuMsPerBlock: percentiles(times.incrementalCpu),
      detectionAndSizingBestOf3MsPerBlock: percentiles(times.incrementalBest),
      detectionOnlyMsPerBlock: percentiles(times.incrementalScore),
    },
    full: {
      detectionAndSizingMsPerBlock: percentiles(times.full),
      detectionAndSizingBestOf3MsPerBlock: percentiles(times.fullBest),
      detectionOnlyMsPerBlock: percentiles(times.fullScore),
    },
    sizingUsPerRoute: { v2v2ClosedForm: percentiles(sizingV2V2), search: percentiles(sizingSearch) },
    opportunitiesPerBlock: round(opportunitiesPerBlock.reduce((a, x) => a + x, 0) / blocks),
    opportunitiesByStrategy: byStrategy,
    identicalBlocks: blocks + WARMUP,
  }
}

for (const size of sizes) {
  const base = createSyntheticMarket({ tokens: size.tokens, pools: size.pools, seed: 42 })
  // Hubs: the tokens in the most pools.
  const degree = new Map<Address, number>()
  for (const p of base.pools) for (const t of [p.token0, p.token1]) degree.set(t, (degree.get(t) ?? 0) + 1)
  const hubs = [...degree.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([t]) => t)

  // Index build (once per pool set), timed on its own.
  const t0 = now()
  const indexes = {
    spatial: cycleIndexFor(base.pools, { minHops: 2, maxHops: 2 }),
    triangular: cycleIndexFor(base.pools, { minHops: 3, maxHops: 3, startTokens: hubs }),
    multiHop: cycleIndexFor(base.pools, { minHops: 4, maxHops: 4, startTokens: hubs.slice(0, 1) }),
    twoStep: cycleIndexFor(base.pools, { minHops: 2, maxHops: 2, startTokens: hubs.slice(0, 1) }),
  }
  const indexBuildMs = now() - t0
  const loadBefore = loadavg()
  const measured = models.map((model) => measure(size, base, hubs, model))
  const loadAfter = loadavg()
  const result = {
    pools: size.pools,
    tokens: size.tokens,
    v3Pools: base.pools.filter((p) => p.kind === 'v3').length,
    blocks,
    sigmaPerBlock: SIGMA,
    cycles: Object.fromEntries(Object.entries(indexes).map(([k, v]) => [k, v.cycleCount])),
    indexBuildMs: round(indexBuildMs),
    targets: { detectionAndSizingP99Ms: size.pools <= 100 ? 1 : 10, sizingUsPerRoute: 100 },
    // Other work on the machine while measuring (1-minute load average; the machine has cpus() cores).
    loadAverage: { before: round(loadBefore[0]!), after: round(loadAfter[0]!) },
    models: measured,
  }
  const path = writeResult(`detection-${size.pools}`, result)
  console.log(`${size.pools} pools / ${size.tokens} tokens (${result.v3Pools} V3), cycles ${JSON.stringify(result.cycles)}, index build ${result.indexBuildMs} ms`)
  console.log(`  load average ${result.loadAverage.before} -> ${result.loadAverage.after}`)
  for (const m of measured) {
    const i = m.incremental
    const f = m.full
    console.log(
      `  ${m.model} (${JSON.stringify(m.changedPoolsPerBlock)} pools changed per block, their rates p99 ${m.changedPoolRatesMsPerBlock.p99} ms), ${m.opportunitiesPerBlock} opportunities/block, identical in all ${m.identicalBlocks} blocks\n` +
        `    incremental  detect+size p50 ${i.detectionAndSizingMsPerBlock.p50} ms  p99 ${i.detectionAndSizingMsPerBlock.p99} ms (CPU p99 ${i.detectionAndSizingCpuMsPerBlock.p99} ms, best of 3 p50 ${i.detectionAndSizingBestOf3MsPerBlock.p50} p99 ${i.detectionAndSizingBestOf3MsPerBlock.p99} ms)   detect only p50 ${i.detectionOnlyMsPerBlock.p50} ms  p99 ${i.detectionOnlyMsPerBlock.p99} ms\n` +
        `    full         detect+size p50 ${f.detectionAndSizingMsPerBlock.p50} ms  p99 ${f.detectionAndSizingMsPerBlock.p99} ms (best of 3 p50 ${f.detectionAndSizingBestOf3MsPerBlock.p50} p99 ${f.detectionAndSizingBestOf3MsPerBlock.p99} ms)   detect only p50 ${f.detectionOnlyMsPerBlock.p50} ms  p99 ${f.detectionOnlyMsPerBlock.p99} ms\n` +
        `    sizing per route: V2V2 p50 ${m.sizingUsPerRoute.v2v2ClosedForm.p50} µs p99 ${m.sizingUsPerRoute.v2v2ClosedForm.p99} µs; search p50 ${m.sizingUsPerRoute.search.p50} µs p99 ${m.sizingUsPerRoute.search.p99} µs`,
    )
  }
  console.log(`wrote ${path}`)
}
