// Shared by bench/replay.ts (speed, prebuilt scenario) and bench/replayStream.ts (memory, streamed scenario):
// replay speed, simulation accuracy and memory of `runBacktest` on a generated scenario, with the CPU each
// process spent, next to the naive baseline measured in the same run: a fresh Anvil fork per block.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBacktest } from '../engine/backtest/runBacktest.js'
import { summarizeRun } from '../engine/readModel/summarizeRun.js'
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
import { treeCpuMs, watchPeakRss } from './treeRss.js'
import { writeResult } from './writeResult.js'

export type ReplayBenchOptions = {
  blocks: number
  /** `full`: build the scenario first, then replay it; `stream`: generate while replaying (what `arb backtest` does). */
  mode: 'full' | 'stream'
  workers: number
  naiveBlocks: number
}

export async function runReplayBench({ blocks, mode, workers, naiveBlocks }: ReplayBenchOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'arb-bench-replay-'))
  const memory = watchPeakRss(process.pid)

  const t0 = performance.now()
  const source =
    mode === 'full' ? await createScenarioSource({ scenario: 'stress', blocks, seed: 7 }) : await createStreamingScenarioSource({ scenario: 'stress', blocks, seed: 7 })
  const buildSeconds = (performance.now() - t0) / 1000
  const store = await openStore({ path: join(dir, 'replay.duckdb') })
  const executors = await Promise.all(Array.from({ length: workers }, () => createForkExecutor({ sourceRpcUrl: source.rpcUrl, manifest: source.manifest })))
  try {
    const cpu0 = treeCpuMs(process.pid)
    const t1 = performance.now()
    const result = await runBacktest({ source, config: DEFAULT_CONFIG, store, executor: executors, sourceSpec: { kind: 'scenario', scenario: 'stress', blocks, seed: 7 } })
    const replaySeconds = (performance.now() - t1) / 1000
    const cpu = treeCpuMs(process.pid)
    const summary = await summarizeRun(store, result.runId)
    const [cand] = await store.query<{ n: bigint }>('SELECT count(DISTINCT block_number) AS n FROM opportunities WHERE run_id = ?', [result.runId])
    const [gas] = await store.query<{ n: bigint; same: bigint }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE s.gas_used = e.gas_used) AS same
       FROM executions e JOIN simulations s USING (run_id, opportunity_id) WHERE e.run_id = ? AND e.success`,
      [result.runId],
    )

    // Naive baseline: the same pipeline, but a fresh Anvil forked at each block instead of one moved with anvil_reset.
    const naiveSource = await createScenarioSource({ scenario: 'stress', blocks: naiveBlocks, seed: 7 })
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
        if (sim.success) await forkExecutor.execute({ opportunity, mode: 'flash', simulated: sim, minProfit: 1n, bidBps: 0, priorityFee: 0n })
      }
      await fork.stop()
    }
    const naiveSeconds = (performance.now() - t2) / 1000
    await naiveSource.close()
    const peakRss = memory.stop()

    const perBlock = (ms: number) => round(ms / summary.blocks)
    const naiveCount = Math.min(naiveBlocks, summary.blocks)
    const results = {
      scenario: { name: 'stress', seed: 7, blocks, mode, setupSeconds: round(buildSeconds) },
      workers,
      replay: {
        blocks: summary.blocks,
        seconds: round(replaySeconds),
        note: mode === 'stream' ? 'includes generating the scenario block by block' : 'scenario built beforehand',
        blocksPerSecond: round(summary.blocks / replaySeconds),
        candidateBlocks: Number(cand!.n),
        opportunities: summary.opportunities,
        simulated: summary.simulated,
        executed: summary.executed,
        simulationAccuracy: summary.simulationAccuracy,
        exactMatchRate: summary.exactMatchRate,
        simulatedGasExactRate: Number(gas!.n) === 0 ? null : round(Number(gas!.same) / Number(gas!.n)),
        cpuMsPerBlock: { total: perBlock(cpu.total - cpu0.total), byProcess: Object.fromEntries(Object.entries(cpu.byName).map(([k, v]) => [k, perBlock(v - (cpu0.byName[k] ?? 0))])) },
      },
      naiveFreshForkPerBlock: { blocks: naiveCount, seconds: round(naiveSeconds), blocksPerSecond: round(naiveCount / naiveSeconds) },
      speedupOverNaive: round(summary.blocks / replaySeconds / (naiveCount / naiveSeconds)),
      peakRssMiB: Math.round(peakRss / 2 ** 20),
      targets: { blocksPerSecond: 100, exactMatchRate: 1, peakRssMiB: 2048 },
    }
    const file = writeResult(`replay-${mode}-${blocks}`, results)
    console.log(JSON.stringify(results, null, 2))
    console.log(`wrote ${file}`)
  } finally {
    for (const e of executors) await e.close()
    await store.close()
    await source.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

function round(x: number): number {
  return Math.round(x * 100) / 100
}
