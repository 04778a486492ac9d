import { describe, expect, it } from 'vitest'
import { createRiskTurns } from './createRiskTurns.js'

describe('createRiskTurns', () => {
  it('lets each turn through only after every earlier turn is done, whatever order they finish in', async () => {
    const turns = createRiskTurns()
    const [a, b, c] = [turns.next(), turns.next(), turns.next()]
    const order: string[] = []
    const passed = (name: string, t: { wait(): Promise<void> }) => t.wait().then(() => order.push(name))
    const all = Promise.all([passed('c', c), passed('b', b), passed('a', a)])
    await new Promise((r) => setTimeout(r, 5))
    expect(order).toEqual(['a'])
    c.done() // the last one finishing first releases nobody
    await new Promise((r) => setTimeout(r, 5))
    expect(order).toEqual(['a'])
    a.done()
    await new Promise((r) => setTimeout(r, 5))
    expect(order).toEqual(['a', 'b'])
    b.done()
    await all
    expect(order).toEqual(['a', 'b', 'c'])
  })
})
