import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors/ConfigError.js'
import type { SweepGrid } from '../research/sweep/sweepGrid.js'
import { planJobs, planSweep } from './planSweep.js'
import { parseSweepJob } from './sweepJob.js'

const grid: SweepGrid = {
  name: 'g',
  base: { strategies: [{ name: 'spatial' }] },
  rankToken: 'WETH',
  axes: [{ path: 'risk.maxConsecutiveFailures', values: [null, 3] }],
}
const source = { kind: 'scenario', scenario: 'volatile', blocks: 250, seed: 1 } as const

describe('planSweep', () => {
  it('splits each point into shards of --shard-blocks, the last one shorter', () => {
    const plan = planSweep({ grid: { ...grid, axes: [{ path: 'execution.mode', values: ['flash', 'capital'] }] }, source, shardBlocks: 100 })
    expect(plan.points.map((p) => p.shards)).toEqual([0, 1].map(() => [
      { shard: 0, offset: 0, blocks: 100 },
      { shard: 1, offset: 100, blocks: 100 },
      { shard: 2, offset: 200, blocks: 50 },
    ]))
    const jobs = planJobs(plan, '/shared/results')
    expect(jobs.map((j) => j.id)).toEqual([0, 1].flatMap((p) => [0, 1, 2].map((s) => `${plan.sweepId}.p${p}.s${s}`)))
    expect(parseSweepJob(JSON.parse(JSON.stringify(jobs[4]!.data)))).toEqual(jobs[4]!.data)
    expect(jobs[4]!.data).toMatchObject({ point: 1, shard: 1, shards: 3, offset: 100, blocks: 100, sourceBlocks: 250, results: '/shared/results' })
  })

  it('never splits a config whose limits depend on earlier outcomes, and says which', () => {
    const plan = planSweep({ grid: { ...grid, axes: [{ path: 'risk.maxConsecutiveFailures', values: [2, 3] }] }, source, shardBlocks: 100 })
    for (const p of plan.points) {
      expect(p.shards).toEqual([{ shard: 0, offset: 0, blocks: 250 }])
      expect(p.unsplit).toEqual(['risk.maxConsecutiveFailures'])
    }
    const daily = planSweep({ grid: { ...grid, base: { ...grid.base, risk: { dailyLossLimit: '1000' } }, axes: [{ path: 'execution.mode', values: ['flash'] }] }, source, shardBlocks: 100 })
    expect(daily.points[0]!.unsplit).toEqual(['risk.dailyLossLimit'])
  })

  it('gives the same sweep id for the same grid, source and shard size, another for another shard size', () => {
    const a = planSweep({ grid: { ...grid, axes: [{ path: 'execution.mode', values: ['flash'] }] }, source, shardBlocks: 100 })
    const b = planSweep({ grid: { ...grid, axes: [{ path: 'execution.mode', values: ['flash'] }] }, source, shardBlocks: 100 })
    const c = planSweep({ grid: { ...grid, axes: [{ path: 'execution.mode', values: ['flash'] }] }, source, shardBlocks: 50 })
    expect(a.sweepId).toBe(b.sweepId)
    expect(c.sweepId).not.toBe(a.sweepId)
    expect(a.sweepId).toMatch(/^g-[0-9a-f]{12}$/)
  })

  it('a grid without axes is one long replay of the base config, split into shards', () => {
    const plan = planSweep({ grid: { ...grid, axes: [] }, source: { kind: 'fork', from: 1000, to: 1999, rpc: 'http://node/***' }, shardBlocks: 300 })
    expect(plan.points).toHaveLength(1)
    expect(plan.points[0]!.params).toEqual({})
    expect(plan.points[0]!.shards.map((s) => [s.offset, s.blocks])).toEqual([[0, 300], [300, 300], [600, 300], [900, 100]])
  })

  it('refuses a shard size that is not a positive integer and a range it cannot count', () => {
    expect(() => planSweep({ grid, source, shardBlocks: 0 })).toThrow(ConfigError)
    expect(() => planSweep({ grid, source, shardBlocks: 0 })).toThrow(/Invalid --shard-blocks: expected an integer ≥ 1/)
    expect(() => planSweep({ grid, source: { kind: 'dataset', name: 'real-usdc-weth-2024-01-05' } })).toThrow(/--from\/--to/)
    expect(() => parseSweepJob({ sweepId: 'x' })).toThrow(/Invalid job data\.point/)
  })
})
