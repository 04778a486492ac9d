import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config/parseConfig.js'
import type { Address } from '../market/types.js'
import { configureStrategy, strategyNames, strategyRegistry } from './registry.js'

const A = '0x00000000000000000000000000000000000000aa' as Address
const B = '0x00000000000000000000000000000000000000bb' as Address
const inputs = { startTokens: [A, B], minProfit: 5n, maxAmountIn: { [A]: 10n, [B]: 1_000n }, inventory: { [A]: 100n, [B]: 50n } }

describe('strategy registry', () => {
  it('is the list the config schema validates names and options against', () => {
    expect(strategyNames).toEqual(Object.keys(strategyRegistry))
    for (const name of strategyNames) expect(parseConfig({ strategies: [{ name }] }).strategies[0]!.name).toBe(name)
    expect(() => parseConfig({ strategies: [{ name: 'zigzag' }] })).toThrow(/strategies\[0\]\.name.*one of spatial, triangular, multi-hop, two-step/s)
    // maxHops is declared by multi-hop's definition, and validated by the config schema.
    expect(parseConfig({ strategies: [{ name: 'multi-hop', maxHops: 5 }] }).strategies[0]!.maxHops).toBe(5)
    expect(() => parseConfig({ strategies: [{ name: 'multi-hop', maxHops: 9 }] })).toThrow(/maxHops/)
    expect(() => parseConfig({ strategies: [{ name: 'spatial', maxHop: 3 }] })).toThrow(/unknown: maxHop/)
  })

  it('makes each strategy its config from the common inputs and its own options', () => {
    expect(configureStrategy('spatial', inputs, {})).toEqual({ startTokens: [A, B], minProfit: 5n, maxAmountIn: inputs.maxAmountIn })
    expect(configureStrategy('triangular', inputs, {})).toEqual({ startTokens: [A, B], minProfit: 5n, maxAmountIn: inputs.maxAmountIn })
    expect(configureStrategy('multi-hop', inputs, {})).toMatchObject({ maxHops: 4, minHops: 2 })
    expect(configureStrategy('multi-hop', inputs, { maxHops: 3 })).toMatchObject({ maxHops: 3, minHops: 2 })
    // Two-step trades what the executor holds, capped by maxAmountIn.
    expect(configureStrategy('two-step', inputs, {})).toEqual({ inventory: { [A]: 10n, [B]: 50n }, minProfit: 5n })
    expect(configureStrategy('two-step', { ...inputs, inventory: {} }, {})).toEqual({ inventory: {}, minProfit: 5n })
  })
})
