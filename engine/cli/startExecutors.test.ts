import { describe, expect, it } from 'vitest'
import type { Executor } from '../executors/Executor.js'
import { maxWorkers } from './maxWorkers.js'
import { startExecutors } from './startExecutors.js'

/** Executors that only count how many are starting at once and which were closed (no chain needed). */
function counting(failAt?: number) {
  let starting = 0
  let started = 0
  let peak = 0
  const closed: number[] = []
  const start = async (): Promise<Executor> => {
    const id = started++
    starting++
    peak = Math.max(peak, starting)
    await new Promise((r) => setTimeout(r, 5))
    starting--
    if (id === failAt) throw new Error(`executor ${id} failed to start`)
    return { moveTo: async () => {}, simulate: async () => ({ success: false, error: '' }), execute: async () => { throw new Error('unused') }, close: async () => void closed.push(id) }
  }
  return { start, peak: () => peak, closed }
}

describe('startExecutors (issue 12 #1, #2)', () => {
  it('starts them in bounded batches', async () => {
    const c = counting()
    const executors = await startExecutors(10, c.start, 3)
    expect(executors).toHaveLength(10)
    expect(c.peak()).toBe(3)
  })

  it('closes those started when one fails, and throws its error', async () => {
    const c = counting(4)
    await expect(startExecutors(6, c.start, 2)).rejects.toThrow('executor 4 failed to start')
    expect(c.closed.sort()).toEqual([0, 1, 2, 3, 5])
  })

  it('allows a few workers per core at most', () => {
    expect(maxWorkers()).toBeGreaterThanOrEqual(1)
    expect(maxWorkers()).toBeLessThan(10_000)
  })
})
