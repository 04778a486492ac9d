import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Hex } from 'viem'
import { ConfigError } from '../errors/ConfigError.js'
import { runDevnet } from './runDevnet.js'

const dir = mkdtempSync(join(tmpdir(), 'arb-run-devnet-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('runDevnet with a scenario', () => {
  it('refuses a scenario it cannot drive before starting anything, naming the option', async () => {
    const manifestPath = join(dir, 'never.json')
    const attempt = (o: Parameters<typeof runDevnet>[0]) => runDevnet({ manifestPath, ...o }).catch((e: unknown) => e)
    expect(await attempt({ scenario: { name: 'stress', blocks: 5, blockTime: 1 } })).toMatchObject({ name: 'ConfigError', message: expect.stringMatching(/--scenario/) })
    expect(await attempt({ builder: {}, scenario: { name: 'meltdown', blocks: 5, blockTime: 1 } })).toBeInstanceOf(ConfigError)
    expect(await attempt({ builder: {}, scenario: { name: 'stress', blocks: 10_001, blockTime: 1 } })).toMatchObject({ message: expect.stringMatching(/--blocks/) })
    expect(await attempt({ builder: {}, scenario: { name: 'stress', blocks: 5, blockTime: 0 } })).toMatchObject({ message: expect.stringMatching(/--block-time/) })
  })

  it('streams the scenario through the builder, one block per block time, then leaves the chain to the builder', async () => {
    const { anvil, builder, scenario } = await runDevnet({ manifestPath: join(dir, 'manifest.json'), seed: 1, builder: {}, scenario: { name: 'stress', blocks: 3, blockTime: 1 } })
    try {
      const started = Date.now()
      const result = await scenario!
      expect(Date.now() - started).toBeGreaterThanOrEqual(2_500) // three block times of a second
      expect(result.blocks).toBe(3)
      expect(result.totals.flowMined).toBe(result.totals.flowSent)
      expect(result.totals.rivalsSent).toBeGreaterThan(0)
      // The builder's own interval is off: nothing is built until someone asks.
      const head = BigInt(await anvil.request<Hex>('eth_blockNumber'))
      expect(head).toBe(result.toBlock)
      await new Promise((r) => setTimeout(r, 1_500))
      expect(BigInt(await anvil.request<Hex>('eth_blockNumber'))).toBe(head)
      expect((await builder!.buildBlock()).number).toBe(head + 1n)
    } finally {
      await builder?.stop()
      await anvil.stop()
    }
  }, 120_000)
})
