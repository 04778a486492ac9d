import { runBacktest } from '../../backtest/runBacktest.js'
import type { Anvil } from '../../chain/startAnvil.js'
import { startForkNode } from '../../executors/startForkNode.js'
import { canonicalJson } from '../../config/configHash.js'
import { BaseError } from '../../errors/BaseError.js'
import { createForkExecutor } from '../../executors/createForkExecutor.js'
import { inclusionOf } from '../../executors/inclusion/inclusionOf.js'
import type { HistorySource } from '../../sources/types.js'
import type { Store } from '../../store/openStore.js'
import { expandGrid, type SweepPoint } from './expandGrid.js'
import { rankSweep, type RankedRun } from './rankSweep.js'
import { sweepIdentity } from './sweepIdentity.js'
import type { SweepGrid } from './sweepGrid.js'

export type SweepPointEvent = { point: number; params: Record<string, unknown>; runId: string | null; status: 'completed' | 'interrupted' | 'failed' | 'skipped'; error?: string }

export type RunSweepOptions = {
  grid: SweepGrid
  store: Store
  /** Built once for the whole sweep; every point replays the same blocks. The caller closes it. */
  source: HistorySource
  /** Printable description of the source (`runs.source` and the sweep's identity); never a key. */
  sourceSpec: Record<string, unknown>
  /** Points run in parallel, each worker on its own Anvil fork of the source. Default 2. */
  workers?: number
  /** Start a new sweep even if this grid already ran on this source (default: resume it). */
  fresh?: boolean
  /** Aborting stops every worker after its current block; finished points stay finished. */
  signal?: AbortSignal
  /** Called when a point ends (or is skipped as already done). */
  onPoint?: (event: SweepPointEvent) => void
  /** Passed to each backtest. */
  maxPerBlock?: number
}

export type SweepResult = { sweepId: string; status: 'completed' | 'interrupted' | 'failed'; points: number; ranking: RankedRun[] }

/**
 * Runs every point of a parameter grid as a backtest over one source, in parallel on `workers` Anvil forks,
 * and records each point's run in `sweep_runs`. The sweep's id is derived from the grid and the source, so
 * running the same sweep again resumes it: completed points are skipped, interrupted runs continue at their
 * first unprocessed block, failed points start over. Returns the ranking (net P&L, then success rate).
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepResult> {
  const { grid, store, source, signal } = options
  const points = expandGrid(grid)
  const { sweepId, gridJson, sourceJson } = sweepIdentity(grid, options.sourceSpec, { fresh: options.fresh })

  const [existing] = await store.query<{ status: string }>('SELECT status FROM sweeps WHERE sweep_id = ?', [sweepId])
  if (existing) {
    await store.run("UPDATE sweeps SET status = 'running', finished_at = NULL WHERE sweep_id = ?", [sweepId])
  } else {
    await store.run('INSERT INTO sweeps VALUES (?, ?, ?, ?, ?, ?, NULL, ?)', [sweepId, grid.name, gridJson, sourceJson, points.length, new Date(), 'running'])
  }
  const done = new Map(
    (await store.query<{ point: number; run_id: string | null; status: string; config_hash: string }>('SELECT point, run_id, status, config_hash FROM sweep_runs WHERE sweep_id = ?', [sweepId])).map((r) => [r.point, r]),
  )
  const todo: SweepPoint[] = []
  for (const p of points) {
    const prior = done.get(p.point)
    if (prior && prior.config_hash !== p.configHash) {
      throw new BaseError(`Sweep ${sweepId} point ${p.point} was recorded with config ${prior.config_hash}, now ${p.configHash}`, { details: 'the grid changed; run it with --fresh' })
    }
    if (prior?.status === 'completed') options.onPoint?.({ point: p.point, params: p.params, runId: prior.run_id, status: 'skipped' })
    else todo.push(p)
  }

  const record = async (p: SweepPoint, runId: string | null, status: string, error: string | null) => {
    await store.run(
      `INSERT INTO sweep_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (sweep_id, point) DO UPDATE SET run_id = excluded.run_id, status = excluded.status, error = excluded.error, updated_at = excluded.updated_at`,
      [sweepId, p.point, canonicalJson(p.params), p.configHash, runId, status, error, new Date()],
    )
  }

  let failed = false
  let interrupted = false
  const queue = [...todo]
  const worker = async (anvil: Anvil) => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      if (signal?.aborted) {
        interrupted = true
        return
      }
      const prior = done.get(p.point)
      const resumeRunId = prior?.status === 'interrupted' && prior.run_id ? prior.run_id : undefined
      const executor = await createForkExecutor({ sourceRpcUrl: source.rpcUrl, manifest: source.manifest, anvil, chainId: source.chainId, inclusion: inclusionOf(p.config) })
      try {
        const result = await runBacktest({ source, config: p.config, store, executor, sourceSpec: { ...options.sourceSpec, sweep: sweepId, point: p.point }, resumeRunId, signal, maxPerBlock: options.maxPerBlock })
        await record(p, result.runId, result.status, null)
        if (result.status === 'interrupted') interrupted = true
        options.onPoint?.({ point: p.point, params: p.params, runId: result.runId, status: result.status })
      } catch (e) {
        failed = true
        const message = e instanceof Error ? e.message.split('\n')[0]! : String(e)
        await record(p, resumeRunId ?? null, 'failed', message)
        options.onPoint?.({ point: p.point, params: p.params, runId: resumeRunId ?? null, status: 'failed', error: message })
      } finally {
        await executor.close()
      }
    }
  }

  const count = Math.max(1, Math.min(options.workers ?? 2, todo.length))
  const anvils: Anvil[] = []
  try {
    if (todo.length > 0) {
      for (let i = 0; i < count; i++) anvils.push(await startForkNode(source.rpcUrl, source.chainId, source.fromBlock))
      await Promise.all(anvils.map(worker))
    }
  } finally {
    await Promise.all(anvils.map((a) => a.stop()))
  }
  const status = interrupted ? 'interrupted' : failed ? 'failed' : 'completed'
  await store.run('UPDATE sweeps SET status = ?, finished_at = ? WHERE sweep_id = ?', [status, new Date(), sweepId])
  return { sweepId, status, points: points.length, ranking: await rankSweep(store, sweepId, grid.rankToken) }
}
