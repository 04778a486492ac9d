import { describe, expect, it } from 'vitest'
import { canonicalJson, configHash } from './configHash.js'
import { parseConfig } from './parseConfig.js'
import { storableConfig } from './storableConfig.js'

describe('storableConfig', () => {
  it('drops every RPC URL, keeps what decides trades and the hash (issue 12 #6)', () => {
    const config = parseConfig({
      strategies: [{ name: 'spatial', minProfit: '5' }],
      rpcUrl: 'http://user:pw@node.example/?apikey=SECRETKEY123',
      source: { kind: 'fork', rpcUrl: 'https://user:pw@archive.example/v2/abcdefghijklmnopqrstuvwxyz?apikey=SECRETKEY456', from: 1, to: 2 },
    })
    const stored = storableConfig(config)
    const json = canonicalJson(stored)
    for (const secret of ['user', 'pw', 'SECRETKEY', 'abcdefghijklmnop', 'node.example', 'archive.example', 'rpcUrl']) expect(json).not.toContain(secret)
    expect(stored.source).toEqual({ kind: 'fork', from: 1, to: 2 })
    expect(stored.strategies[0]!.minProfit).toBe(5n)
    expect(configHash(parseConfig({ ...JSON.parse(json), source: undefined }))).toBe(configHash(config))
  })

  it('keeps a scenario or dataset source as it is', () => {
    const config = parseConfig({ strategies: [{ name: 'spatial' }], source: { kind: 'scenario', scenario: 'calm', blocks: 5, seed: 2 } })
    expect(storableConfig(config).source).toEqual({ kind: 'scenario', scenario: 'calm', blocks: 5, seed: 2 })
  })
})
