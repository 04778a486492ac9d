import type { SourceSpec } from '../backtest/openSource.js'
import { ConfigError } from '../errors/ConfigError.js'
import { expandGrid } from '../research/sweep/expandGrid.js'
import type { SweepGrid } from '../research/sweep/sweepGrid.js'
import { sweepIdentity } from '../research/sweep/sweepIdentity.js'
import { outcomeDependentLimits } from './outcomeDependentLimits.js'
import { sweepJobId, type SweepJobData } from './sweepJob.js'

/** One shard of a point: `blocks` blocks starting `offset` blocks after the source's first. */
export type PlannedShard = { shard: number; offset: number; blocks: number }

export type PlannedPoint = {
  point: number
  params: Record<string, unknown>
  configHash: string
  /** The point's raw config (what its jobs carry). */
  config: Record<string, unknown>
  shards: PlannedShard[]
  /** Set when the point was not split although --shard-blocks asked: the limits that forbid it. */
  unsplit?: string[]
}

/** A queued sweep: written to `DIR/<sweepId>/sweep.json`, read by the collector and `arb sweep status`. */
export type SweepPlan = {
  version: 1
  sweepId: string
  grid: SweepGrid
  gridJson: string
  source: SourceSpec
  sourceJson: string
  sourceBlocks: number
  shardBlocks: number | null
  maxPerBlock: number
  createdAt: string
  points: PlannedPoint[]
}

export type PlanSweepOptions = {
  grid: SweepGrid
  /** The source, without any secret (a fork URL is each worker's own). */
  source: SourceSpec
  /** Split each point's range into shards of this many blocks (default: one job per point). */
  shardBlocks?: number
  maxPerBlock?: number
  fresh?: boolean
}

/**
 * Plans a sweep as jobs: every grid point × every shard of the source's range. Points whose risk limits
 * depend on earlier outcomes (daily loss, consecutive failures) are not split: one job runs their whole
 * range, so their results equal an unsplit run. The sweep id hashes the grid, the source and the shard size,
 * so planning the same sweep again gives the same id and the same job ids.
 */
export function planSweep(options: PlanSweepOptions): SweepPlan {
  const { grid, source } = options
  const shardBlocks = options.shardBlocks ?? null
  if (shardBlocks !== null && (!Number.isInteger(shardBlocks) || shardBlocks < 1)) throw new ConfigError('--shard-blocks', 'an integer ≥ 1', shardBlocks)
  const sourceBlocks = countBlocks(source)
  const { sweepId, gridJson, sourceJson } = sweepIdentity(grid, source, { fresh: options.fresh, extra: { queue: true, shardBlocks } })
  const points = expandGrid(grid).map((p): PlannedPoint => {
    const limits = shardBlocks !== null ? outcomeDependentLimits(p.config) : []
    const size = shardBlocks === null || limits.length > 0 ? sourceBlocks : shardBlocks
    const shards: PlannedShard[] = []
    for (let offset = 0; offset < sourceBlocks; offset += size) shards.push({ shard: shards.length, offset, blocks: Math.min(size, sourceBlocks - offset) })
    return { point: p.point, params: p.params, configHash: p.configHash, config: p.raw, shards, ...(limits.length > 0 && sourceBlocks > (shardBlocks ?? sourceBlocks) ? { unsplit: limits } : {}) }
  })
  return { version: 1, sweepId, grid, gridJson, source, sourceJson, sourceBlocks, shardBlocks, maxPerBlock: options.maxPerBlock ?? 8, createdAt: new Date().toISOString(), points }
}

/** The jobs of a plan, with `results` the folder they write to. */
export function planJobs(plan: SweepPlan, results: string): { id: string; data: SweepJobData }[] {
  return plan.points.flatMap((p) =>
    p.shards.map((s) => ({
      id: sweepJobId(plan.sweepId, p.point, s.shard),
      data: {
        sweepId: plan.sweepId,
        point: p.point,
        shard: s.shard,
        shards: p.shards.length,
        config: p.config,
        configHash: p.configHash,
        source: plan.source,
        sourceBlocks: plan.sourceBlocks,
        offset: s.offset,
        blocks: s.blocks,
        maxPerBlock: plan.maxPerBlock,
        results,
      },
    })),
  )
}

function countBlocks(source: SourceSpec): number {
  switch (source.kind) {
    case 'scenario':
      return source.blocks
    case 'fork':
      if (source.to < source.from) throw new ConfigError('--from/--to', '--from at most --to', `--from ${source.from} --to ${source.to}`)
      return source.to - source.from + 1
    case 'dataset':
      if (source.from === undefined || source.to === undefined) throw new ConfigError('--from/--to', 'the dataset range to sweep (both --from and --to)')
      return source.to - source.from + 1
  }
}
