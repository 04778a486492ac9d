/**
 * Calibration of the generated `volatile` market against real history (issue 13, item 3): per pair of pools
 * that share both tokens and per block, (a) the rate of two-pool opportunities that are profitable after gas
 * and (b) their net profit relative to the shallower pool's depth, measured with the engine's own detection
 * (market reader → spatial strategy through `detect` → gas floor of the pipeline's pre-filter, flash mode, the
 * default config's priority fee) on the re-enacted window `real-usdc-weth-2024-01-05` and on `volatile`
 * scenarios (several seeds), and on `stress` for reference. No fork execution: it measures the market the
 * strategies face, not our fills. Writes bench/results/calibration.json; the target is both figures of
 * `volatile` within a factor of 3 of the real window's.
 *
 *   npx tsx bench/calibration.ts [--real-blocks N] [--blocks N] [--seeds 1,2,3] [--profiles volatile,stress]
 *
 * `--real-blocks` measures only the first N blocks of the real window (default: all 7,099).
 */
import { loadavg } from 'node:os'
import { parseArgs } from 'node:util'
import { createRpcClient } from '../engine/chain/createRpcClient.js'
import { DEFAULT_CONFIG } from '../engine/cli/commands/backtest.js'
import type { Address } from '../engine/market/types.js'
import { createMarketReader } from '../engine/market/createMarketReader.js'
import { createRealHistorySource } from '../engine/sources/real/createRealHistorySource.js'
import { realDatasets } from '../engine/sources/real/realDatasets.js'
import { createStreamingScenarioSource } from '../engine/sources/scenario/createStreamingScenarioSource.js'
import { measureSpatialGaps, type BlockGaps } from '../engine/sources/scenario/measureSpatialGaps.js'
import { summarizeSpatialGaps, type GapSummary } from '../engine/sources/scenario/summarizeSpatialGaps.js'
import type { HistorySource } from '../engine/sources/types.js'
import { writeResult } from './writeResult.js'

const { values } = parseArgs({
  options: {
    'real-blocks': { type: 'string' },
    blocks: { type: 'string', default: '2000' },
    seeds: { type: 'string', default: '1,2,3' },
    profiles: { type: 'string', default: 'volatile,stress' },
  },
})
const DATASET = 'real-usdc-weth-2024-01-05'
const FACTOR = 3

/** Every block of a source through the market reader and `measureSpatialGaps`. */
async function measure(source: HistorySource): Promise<BlockGaps[]> {
  const reader = createMarketReader({ rpc: createRpcClient(source.rpcUrl), manifest: source.manifest })
  const weth = source.manifest.tokens.WETH!.address.toLowerCase() as Address
  const options = { weth, priorityFee: DEFAULT_CONFIG.execution.priorityFee, mode: DEFAULT_CONFIG.execution.mode }
  const out: BlockGaps[] = []
  for await (const block of source.blocks()) out.push(measureSpatialGaps(await reader.read(block), options))
  return out
}

const t0 = performance.now()
const loadBefore = loadavg()[0]
const realBlocks = values['real-blocks'] ? BigInt(values['real-blocks']) : undefined
const window = realDatasets[DATASET]!
const real = await createRealHistorySource({ name: DATASET, ...(realBlocks ? { from: window.from, to: window.from + realBlocks - 1n } : {}) })
let realSummary: GapSummary
try {
  realSummary = summarizeSpatialGaps(await measure(real))
} finally {
  await real.close()
}
console.log(JSON.stringify({ real: realSummary }))

const blocks = Number(values.blocks)
const seeds = values.seeds!.split(',').map(Number)
const scenarios: Record<string, { seeds: number[]; blocks: number; summary: GapSummary; perSeed: Record<number, GapSummary> }> = {}
for (const profile of values.profiles!.split(',')) {
  const all: BlockGaps[] = []
  const perSeed: Record<number, GapSummary> = {}
  for (const seed of seeds) {
    const source = await createStreamingScenarioSource({ scenario: profile, blocks, seed })
    try {
      const measured = await measure(source)
      perSeed[seed] = summarizeSpatialGaps(measured)
      all.push(...measured)
    } finally {
      await source.close()
    }
    console.log(JSON.stringify({ profile, seed, summary: perSeed[seed] }))
  }
  scenarios[profile] = { seeds, blocks, summary: summarizeSpatialGaps(all), perSeed }
}

const ratio = (a: number, b: number) => (b === 0 ? Number.POSITIVE_INFINITY : a / b)
const comparison = Object.fromEntries(
  Object.entries(scenarios).map(([name, s]) => {
    const rate = ratio(s.summary.rate, realSummary.rate)
    const depth = ratio(s.summary.profitToDepth.median, realSummary.profitToDepth.median)
    const within = (r: number) => r <= FACTOR && r >= 1 / FACTOR
    return [name, { rateRatio: rate, profitToDepthRatio: depth, withinFactor3: within(rate) && within(depth) }]
  }),
)
const results = {
  what: 'per pool pair sharing both tokens and per block: (a) rate of two-pool opportunities profitable after the gas floor, (b) their median net profit / shallower pool depth',
  real: { dataset: DATASET, blocks: realSummary.blocks, summary: realSummary },
  scenarios,
  comparison,
  seconds: Math.round((performance.now() - t0) / 1000),
  loadAverage: { before: loadBefore, after: loadavg()[0] },
}
const file = writeResult('calibration', results)
console.log(JSON.stringify(comparison))
console.log(`wrote ${file}`)
