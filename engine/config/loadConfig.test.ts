import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigError } from '../errors/ConfigError.js'
import { configHash } from './configHash.js'
import { loadConfig } from './loadConfig.js'
import { parseConfig } from './parseConfig.js'

const dir = mkdtempSync(join(tmpdir(), 'arb-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const valid = {
  strategies: [{ name: 'spatial', minProfit: '1000000000000000', startTokens: ['WETH', '0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48'] }],
  execution: { mode: 'flash' },
  risk: { maxNotional: { WETH: '100000000000000000000' }, maxConsecutiveFailures: 5 },
}

function configError(raw: unknown): ConfigError {
  try {
    parseConfig(raw, 'cfg.json')
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return e as ConfigError
  }
  throw new Error('expected a ConfigError')
}

describe('config validation', () => {
  it('accepts a valid config and turns amounts into bigint', () => {
    const c = parseConfig(valid)
    expect(c.strategies[0]!.minProfit).toBe(10n ** 15n)
    expect(c.risk.maxNotional).toEqual({ WETH: 10n ** 20n })
    expect(c.execution.priorityFee).toBe(0n)
  })

  it('names an unknown strategy and lists the known ones', () => {
    const e = configError({ ...valid, strategies: [{ name: 'zigzag' }] })
    expect(e.field).toBe('cfg.json.strategies[0].name')
    expect(e.message).toMatch(/spatial, triangular, multi-hop, two-step/)
    expect(e.message).toContain('"zigzag"')
  })

  it('names a malformed address', () => {
    const e = configError({ ...valid, strategies: [{ name: 'spatial', startTokens: ['0x1234'] }] })
    expect(e.field).toBe('cfg.json.strategies[0].startTokens[0]')
    expect(e.message).toMatch(/20-byte address/)
  })

  it('names a negative amount', () => {
    const e = configError({ ...valid, strategies: [{ name: 'spatial', minProfit: '-5' }] })
    expect(e.field).toBe('cfg.json.strategies[0].minProfit')
    expect(e.message).toMatch(/non-negative integer amount in base units/)
  })

  it('names a missing RPC URL of a fork source', () => {
    const e = configError({ ...valid, source: { kind: 'fork', from: 1, to: 2 } })
    expect(e.field).toBe('cfg.json.source.rpcUrl')
    expect(e.message).toMatch(/missing/)
  })

  it('rejects unknown keys by name', () => {
    const e = configError({ ...valid, strategiez: [] })
    expect(e.message).toMatch(/unknown: strategiez/)
  })

  it('hashes equal configs equally, whatever the key order or the source', () => {
    const a = parseConfig(valid)
    const b = parseConfig({ risk: valid.risk, execution: valid.execution, strategies: valid.strategies, source: { kind: 'scenario' } })
    expect(configHash(a)).toBe(configHash(b))
    const c = parseConfig({ ...valid, execution: { mode: 'capital' } })
    expect(configHash(c)).not.toBe(configHash(a))
  })
})

describe('loadConfig', () => {
  it('loads JSON and names the file on a syntax error', async () => {
    const good = join(dir, 'good.json')
    writeFileSync(good, JSON.stringify(valid))
    expect((await loadConfig(good)).strategies).toHaveLength(1)
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{"strategies": [')
    await expect(loadConfig(bad)).rejects.toThrow(/bad\.json: expected valid JSON/)
  })

  it('loads a TypeScript config written with defineConfig', async () => {
    const file = join(dir, 'cfg.ts')
    const helper = new URL('./defineConfig.ts', import.meta.url).pathname
    writeFileSync(file, `import { defineConfig } from ${JSON.stringify(helper)}\nexport default defineConfig({ strategies: [{ name: 'triangular', minProfit: 5n }] })\n`)
    const c = await loadConfig(file)
    expect(c.strategies[0]!.minProfit).toBe(5n)
  })

  it('names a missing file', async () => {
    await expect(loadConfig(join(dir, 'nope.json'))).rejects.toThrow(/--config: expected a readable config file/)
  })
})
