// Replay speed, simulation accuracy and memory of `runBacktest` on a generated scenario, next to the naive
// baseline measured in the same run: a fresh Anvil fork per block.
//   npx tsx bench/replay.ts [blocks=1000] [naiveBlocks=40]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBacktest } from '../engine/backtest/runBacktest.js'
import { summarizeRun } from '../engine/backtest/summarizeRun.js'
import { createRpcClient } from '../engine/chain/createRpcClient.js'
import { DEFAULT_CONFIG } from '../engine/cli/commands/backtest.js'
import { createForkExecutor } from '../engine/executors/createForkExecutor.js'
import { startForkNode } from '../engine/executors/startForkNode.js'
import { createMarketReader } from '../engine/market/createMarketReader.js'
import { detect } from '../engine/pipeline/detect.js'
import { readInventory } from '../engine/pipeline/readInventory.js'
import { resolveStrategies } from '../engine/pipeline/resolveStrategies.js'
import { createScenarioSource } from '../engine/sources/scenario/createScenarioSource.js'
import { createStreamingScenarioSource } from '../engine/sources/scenario/createStreamingScenarioSource.js'
import { openStore } from '../engine/store/openStore.js'
import { watchPeakRss } from './treeRss.js'
import { writeResult } from './writeResult.js'

const blocks = Number(process.argv[2] ?? 1000)
const naiveBlocks = Number(process.argv[3] ?? 40)
// `stream`: generate while replaying (what `arb backtest` does; memory stays flat); `full`: build first.
const mode = process.argv[4] === 'full' ? 'full' : 'stream'
const dir = mkdtempSync(join(tmpdir(), 'arb-bench-replay-'))
const memory = watchPeakRss(process.pid)

const t0 = performance.now()
const source =
  mode === 'full' ? await createScenarioSource({ scenario: 'volatile', blocks, seed: 7 }) : await createStreamingScenarioSource({ scenario: 'volatile', blocks, seed: 7 })
const buildSeconds = (performance.now() - t0) / 1000
const store = await openStore({ path: join(dir, 'replay.duckdb') })
const executor = await createForkExecutor({ sourceRpcUrl: source.rpcUrl, manifest: source.manifest })
try {
  const t1 = performance.now()
  const result = await runBacktest({ source, config: DEFAULT_CONFIG, store, executor, sourceSpec: { kind: 'scenario', scenario: 'volatile', blocks, seed: 7 } })
  const replaySeconds = (performance.now() - t1) / 1000
  const summary = await summarizeRun(store, result.runId)
  const [cand] = await store.query<{ n: bigint }>('SELECT count(DISTINCT block_number) AS n FROM opportunities WHERE run_id = ?', [result.runId])

  // Naive baseline: the same pipeline, but a fresh Anvil forked at each block instead of one moved with anvil_reset.
  const naiveSource = await createScenarioSource({ scenario: 'volatile', blocks: naiveBlocks, seed: 7 })
  const rpc = createRpcClient(naiveSource.rpcUrl)
  const reader = createMarketReader({ rpc, manifest: naiveSource.manifest })
  const strategies = resolveStrategies(DEFAULT_CONFIG, naiveSource.manifest, await readInventory(rpc, DEFAULT_CONFIG, naiveSource.manifest, naiveSource.fromBlock))
  const t2 = performance.now()
  let n = 0
  for await (const block of naiveSource.blocks()) {
    if (n++ >= naiveBlocks) break
    const fork = await startForkNode(naiveSource.rpcUrl, naiveSource.chainId, block.number)
    const forkExecutor = await createForkExecutor({ sourceRpcUrl: naiveSource.rpcUrl, manifest: naiveSource.manifest, anvil: fork })
    const state = await reader.read(block)
    for (const { opportunity } of detect(state, strategies, performance.now(), 8)) {
      const sim = await forkExecutor.simulate(opportunity, 'flash')
      if (sim.success) await forkExecutor.execute(opportunity, 'flash')
    }
    await fork.stop()
  }
  const naiveSeconds = (performance.now() - t2) / 1000
  await naiveSource.close()
  const peakRss = memory.stop()

  const results = {
    scenario: { name: 'volatile', seed: 7, blocks, mode, setupSeconds: round(buildSeconds) },
    replay: {
      blocks: summary.blocks,
      seconds: round(replaySeconds),
      note: mode === 'stream' ? 'includes generating the scenario block by block' : 'scenario built beforehand',
      blocksPerSecond: round(summary.blocks / replaySeconds),
      candidateBlocks: Number(cand!.n),
      opportunities: summary.opportunities,
      executed: summary.executed,
      simulationAccuracy: summary.simulationAccuracy,
      exactMatchRate: summary.exactMatchRate,
    },
    naiveFreshForkPerBlock: { blocks: Math.min(naiveBlocks, summary.blocks), seconds: round(naiveSeconds), blocksPerSecond: round(Math.min(naiveBlocks, summary.blocks) / naiveSeconds) },
    speedupOverNaive: round(summary.blocks / replaySeconds / (Math.min(naiveBlocks, summary.blocks) / naiveSeconds)),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
    targets: { blocksPerSecond: 100, exactMatchRate: 1, peakRssMiB: 2048 },
  }
  const file = writeResult(`replay-${mode}-${blocks}`, results)
  console.log(JSON.stringify(results, null, 2))
  console.log(`wrote ${file}`)
} finally {
  await executor.close()
  await store.close()
  await source.close()
  rmSync(dir, { recursive: true, force: true })
}

function round(x: number): number {
  return Math.round(x * 100) / 100
}
