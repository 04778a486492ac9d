// Replay speed with a realistic inclusion model next to the optimistic bound, on one prebuilt scenario (issue
// target: `priority` within a factor 2 of `top`), with what each run realized.
//   npx tsx bench/inclusion.ts [blocks=600] [scenario=stress] [workers=DEFAULT_WORKERS]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBacktest } from '../engine/backtest/runBacktest.js'
import { DEFAULT_CONFIG, DEFAULT_WORKERS } from '../engine/cli/commands/backtest.js'
import { createForkExecutor } from '../engine/executors/createForkExecutor.js'
import { parseInclusion } from '../engine/executors/inclusion/parseInclusion.js'
import { summarizeRun } from '../engine/readModel/summarizeRun.js'
import { createScenarioSource } from '../engine/sources/scenario/createScenarioSource.js'
import { scenarioNames, type ScenarioName } from '../engine/sources/scenario/scenarioProfiles.js'
import { openStore } from '../engine/store/openStore.js'
import { writeResult } from './writeResult.js'

const blocks = Number(process.argv[2] ?? 600)
const wanted = process.argv[3] ?? 'stress'
const scenario = ((scenarioNames as readonly string[]).includes(wanted) ? wanted : 'volatile') as ScenarioName
const workers = Number(process.argv[4] ?? DEFAULT_WORKERS)

const dir = mkdtempSync(join(tmpdir(), 'arb-bench-inclusion-'))
const source = await createScenarioSource({ scenario, blocks, seed: 7 })
const store = await openStore({ path: join(dir, 'inclusion.duckdb') })
const results: Record<string, unknown> = { scenario, blocks, workers }
try {
  for (const model of ['top', 'priority', 'end', 'delay:1']) {
    const inclusion = parseInclusion(model)!
    const executors = await Promise.all(Array.from({ length: workers }, () => createForkExecutor({ sourceRpcUrl: source.rpcUrl, manifest: source.manifest, inclusion })))
    try {
      const config = { ...DEFAULT_CONFIG, execution: { ...DEFAULT_CONFIG.execution, inclusion: model } }
      const t = performance.now()
      const run = await runBacktest({ source, config, store, executor: executors, sourceSpec: { kind: 'scenario', scenario, blocks, seed: 7 } })
      const seconds = (performance.now() - t) / 1000
      const s = await summarizeRun(store, run.runId)
      results[model] = {
        blocksPerSecond: Number((blocks / seconds).toFixed(1)),
        seconds: Number(seconds.toFixed(1)),
        executed: s.executed,
        outcomes: s.outcomes,
        captureRate: Number(s.captureRate.toFixed(4)),
        rivalShare: Number(s.rivalShare.toFixed(4)),
        simulationAccuracy: Number(s.simulationAccuracy.toFixed(4)),
        netPnl: Object.fromEntries(s.pnl.map((p) => [p.token, p.netProfit])),
      }
      console.log(model, JSON.stringify(results[model], (_, v) => (typeof v === 'bigint' ? v.toString() : v)))
    } finally {
      await Promise.all(executors.map((e) => e.close()))
    }
  }
  const speed = (m: string) => (results[m] as { blocksPerSecond: number }).blocksPerSecond
  results.priorityVsTop = Number((speed('top') / speed('priority')).toFixed(2))
  console.log(`top ${speed('top')} blocks/s, priority ${speed('priority')} blocks/s: priority is ${results.priorityVsTop}x slower (target < 2)`)
  console.log(`wrote ${writeResult('inclusion', results)}`)
} finally {
  await store.close()
  await source.close()
  rmSync(dir, { recursive: true, force: true })
}
