// Scenario generation speed: blocks per second for 500 and 2,000 blocks of `volatile` (seed 7), with the
// devnet deployment and actor setup timed apart from the block loop.
import { loadavg } from 'node:os'
import { generateScenario } from '../engine/sources/scenario/generateScenario.js'
import { writeResult } from './writeResult.js'

const results: Record<string, unknown> = { loadAverageBefore: loadavg()[0] }
for (const blocks of [500, 2_000]) {
  const t0 = performance.now()
  let loopStart = 0
  const g = await generateScenario({
    scenario: 'volatile',
    blocks,
    seed: 7,
    onProgress: (done) => {
      if (done === 1) loopStart = performance.now()
    },
  })
  const end = performance.now()
  await g.anvil.stop()
  const totalS = (end - t0) / 1000
  const loopS = (end - loopStart) / 1000
  results[`volatile${blocks}`] = {
    blocks,
    totalSeconds: Number(totalS.toFixed(2)),
    setupSeconds: Number(((loopStart - t0) / 1000).toFixed(2)),
    blocksPerSecond: Number((blocks / totalS).toFixed(1)),
    loopBlocksPerSecond: Number(((blocks - 1) / loopS).toFixed(1)),
    transactions: g.stats.transactions,
    baseFeeGwei: { min: Number(g.stats.minBaseFee) / 1e9, max: Number(g.stats.maxBaseFee) / 1e9 },
    liquidityEvents: g.stats.liquidityEvents,
    transactionsPerSecond: Number((g.stats.transactions / loopS).toFixed(0)),
    head: `${g.head.number} ${g.head.hash}`,
  }
  console.log(JSON.stringify(results[`volatile${blocks}`]))
}
results.loadAverageAfter = loadavg()[0]
const file = writeResult('scenario', results)
console.log(`wrote ${file}`)
