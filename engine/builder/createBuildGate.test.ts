import { describe, expect, it } from 'vitest'
import { createBuildGate } from './createBuildGate.js'

const tick = () => new Promise((r) => setTimeout(r, 5))

describe('createBuildGate', () => {
  it('runs shared work together, holds it during exclusive work, and lets exclusive work wait for shared work in flight', async () => {
    const gate = createBuildGate()
    const log: string[] = []
    let releaseRead!: () => void
    const read1 = gate.shared(async () => {
      log.push('read1 start')
      await new Promise<void>((r) => (releaseRead = r))
      log.push('read1 end')
    })
    await tick()
    const build = gate.exclusive(async () => {
      log.push('build start')
      await tick()
      log.push('build end')
    })
    await tick()
    const read2 = gate.shared(async () => {
      log.push('read2')
    })
    await tick()
    expect(log).toEqual(['read1 start'])
    releaseRead()
    await Promise.all([read1, build, read2])
    expect(log).toEqual(['read1 start', 'read1 end', 'build start', 'build end', 'read2'])
  })

  it('runs exclusive work one at a time, in call order, even when one fails', async () => {
    const gate = createBuildGate()
    const log: number[] = []
    const a = gate.exclusive(async () => {
      await tick()
      log.push(1)
      throw new Error('boom')
    })
    const b = gate.exclusive(async () => {
      log.push(2)
    })
    await expect(a).rejects.toThrow('boom')
    await b
    expect(log).toEqual([1, 2])
    expect(await gate.shared(async () => 'after')).toBe('after')
  })
})
