import { describe, expect, it } from 'vitest'
import { createMutex } from './createMutex.js'

describe('createMutex', () => {
  it('runs work one at a time in call order, past a failure', async () => {
    const lock = createMutex()
    const events: string[] = []
    const step = (name: string, fail = false) =>
      lock.run(async () => {
        events.push(`start ${name}`)
        await new Promise((r) => setTimeout(r, 5))
        events.push(`end ${name}`)
        if (fail) throw new Error(name)
        return name
      })
    const results = await Promise.allSettled([step('a'), step('b', true), step('c')])
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c'])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
  })
})
