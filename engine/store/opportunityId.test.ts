import { describe, expect, it } from 'vitest'
import { opportunityId } from './opportunityId.js'

describe('opportunityId', () => {
  it('is block-index, with a generation suffix only after a reorg brought the height again', () => {
    expect(opportunityId(19_000_000n, 2)).toBe('19000000-2')
    expect(opportunityId(19_000_000n, 2, 0)).toBe('19000000-2')
    expect(opportunityId(19_000_000n, 2, 1)).toBe('19000000-2-r1')
    expect(new Set([0, 1, 2].map((g) => opportunityId(5n, 0, g))).size).toBe(3)
  })

  it('refuses a negative or fractional argument, naming it', () => {
    expect(() => opportunityId(-1n, 0)).toThrow(/Invalid blockNumber: -1/)
    expect(() => opportunityId(1n, 1.5)).toThrow(/Invalid index: 1.5/)
    expect(() => opportunityId(1n, 0, -1)).toThrow(/Invalid generation: -1/)
  })
})
