import { describe, expect, it } from 'vitest'
import { ConfigError } from '../../errors/ConfigError.js'
import { expandGrid } from './expandGrid.js'
import { setPath } from './setPath.js'

const base = { strategies: [{ name: 'spatial' }, { name: 'multi-hop', maxHops: 4 }], execution: { mode: 'flash' } }

describe('setPath', () => {
  it('writes keys, indexes, every element and selected elements, without touching the input', () => {
    expect(setPath(base, 'execution.mode', 'capital', 'p').execution.mode).toBe('capital')
    expect(setPath(base, 'risk.minNetProfit', '5', 'p')).toMatchObject({ risk: { minNetProfit: '5' } })
    expect(setPath(base, 'strategies[1].maxHops', 5, 'p').strategies).toEqual([{ name: 'spatial' }, { name: 'multi-hop', maxHops: 5 }])
    expect(setPath(base, 'strategies[*].minProfit', '9', 'p').strategies.map((s) => (s as { minProfit?: string }).minProfit)).toEqual(['9', '9'])
    expect(setPath(base, 'strategies[name=multi-hop].maxHops', 6, 'p').strategies[1]).toEqual({ name: 'multi-hop', maxHops: 6 })
    expect(base.strategies[1]).toEqual({ name: 'multi-hop', maxHops: 4 })
  })

  it('names the field and the expected form when a path is malformed or selects nothing', () => {
    expect(() => setPath(base, 'strategies[name=zigzag].maxHops', 3, 'axes[0].path')).toThrow(ConfigError)
    expect(() => setPath(base, 'strategies[name=zigzag].maxHops', 3, 'axes[0].path')).toThrow(/Invalid axes\[0\]\.path: expected a selector matching/)
    expect(() => setPath(base, 'execution..mode', 3, 'axes[1].path')).toThrow(/Invalid axes\[1\]\.path: expected a path like/)
    expect(() => setPath(base, 'execution[0]', 3, 'axes[2].path')).toThrow(/`execution` to be an array/)
  })
})

describe('expandGrid', () => {
  it('is the cartesian product, first axis slowest, each point a validated config with its own hash', () => {
    const points = expandGrid({
      name: 'g',
      base,
      rankToken: 'WETH',
      axes: [
        { path: 'execution.mode', values: ['flash', 'capital'] },
        { path: 'strategies[*].minProfit', values: ['0', '1000'] },
      ],
    })
    expect(points.map((p) => p.params)).toEqual([
      { 'execution.mode': 'flash', 'strategies[*].minProfit': '0' },
      { 'execution.mode': 'flash', 'strategies[*].minProfit': '1000' },
      { 'execution.mode': 'capital', 'strategies[*].minProfit': '0' },
      { 'execution.mode': 'capital', 'strategies[*].minProfit': '1000' },
    ])
    expect(points[3]!.config.strategies[0]!.minProfit).toBe(1000n)
    expect(new Set(points.map((p) => p.configHash)).size).toBe(4)
  })

  it('a value the config refuses names the point and the field', () => {
    expect(() => expandGrid({ name: 'g', base, rankToken: 'WETH', axes: [{ path: 'execution.mode', values: ['flash', 'yolo'] }] })).toThrow(/point 1 .*execution\.mode/)
  })
})
