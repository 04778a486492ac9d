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
    expect(e.message).toMatch(/a string of digits \(base units/)
  })

  it('states a bound in words, with the value given', () => {
    const e = configError({ ...valid, execution: { ...valid.execution, bidBps: 20_000 } })
    expect(e.field).toBe('cfg.json.execution.bidBps')
    expect(e.message).toMatch(/expected a number at most 10000 \(got 20000\)/)
    expect(e.message).not.toMatch(/Too big/)
  })

  it('names the token of a bad per-token amount and the form it needs (issue 12 #11)', () => {
    const e = configError({ ...valid, strategies: [{ name: 'spatial', minProfit: { WETH: 'abc' } }] })
    expect(e.field).toBe('cfg.json.strategies[0].minProfit.WETH')
    expect(e.message).toContain('expected a string of digits (base units')
    expect(e.message).toContain('(got "abc")')
    const r = configError({ ...valid, risk: { maxNotional: { WETH: '1', USDC: -3 } } })
    expect(r.field).toBe('cfg.json.risk.maxNotional.USDC')
  })

  it('rejects amounts above 2^256 - 1 naming the field (issue 12 #9)', () => {
    const big = (2n ** 256n).toString()
    expect(parseConfig({ ...valid, execution: { priorityFee: (2n ** 256n - 1n).toString() } }).execution.priorityFee).toBe(2n ** 256n - 1n)
    for (const [raw, field] of [
      [{ ...valid, strategies: [{ name: 'spatial', minProfit: big }] }, 'cfg.json.strategies[0].minProfit'],
      [{ ...valid, risk: { maxNotional: { WETH: big } } }, 'cfg.json.risk.maxNotional.WETH'],
      [{ ...valid, execution: { priorityFee: 2n ** 300n } }, 'cfg.json.execution.priorityFee'],
    ] as const) {
      const e = configError(raw)
      expect(e.field).toBe(field)
      expect(e.message).toMatch(/below 2\^256/)
    }
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

  it('reports where a TypeScript config fails to load: file, line and cause (issue 12 #10)', async () => {
    const syntax = join(dir, 'syntax.ts')
    writeFileSync(syntax, 'export default {\n  strategies: [{ name: "spatial" }\n')
    await expect(loadConfig(syntax)).rejects.toThrow(new RegExp(`${syntax}:3:\\d+: Expected "]"`))
    const throws = join(dir, 'throws.ts')
    writeFileSync(throws, 'const x: number = 1\nthrow new Error("boom at import " + x)\nexport default {}\n')
    // (vitest's module runner may shift the line; the CLI test checks it exactly)
    await expect(loadConfig(throws)).rejects.toThrow(new RegExp(`${throws}:\\d+:\\d+: boom at import 1`))
    const noDefault = join(dir, 'nodefault.ts')
    writeFileSync(noDefault, 'export const config = { strategies: [{ name: "spatial" }] }\n')
    await expect(loadConfig(noDefault)).rejects.toThrow(/expected a default export/)
  })

  it('names a missing file', async () => {
    await expect(loadConfig(join(dir, 'nope.json'))).rejects.toThrow(/--config: expected a readable config file/)
  })
})
