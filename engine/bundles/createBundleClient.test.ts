import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keccak256, type Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { createRpcClient } from '../chain/createRpcClient.js'
import { getFreePort } from '../chain/getFreePort.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { startLocalBuilder, type LocalBuilder } from '../builder/startLocalBuilder.js'
import { devAccount, signTx } from '../builder/testing/bundleFixtures.js'
import { configHash } from '../config/configHash.js'
import { parseConfig } from '../config/parseConfig.js'
import { ConfigError } from '../errors/ConfigError.js'
import { createBundleClient } from './createBundleClient.js'
import { targetBlocks } from './targetBlocks.js'
import { trackInclusion } from './trackInclusion.js'

const anvils: Anvil[] = []
const builders: LocalBuilder[] = []
let deadUrl: string

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const anvil = await startAnvil({ extraArgs: ['--order', 'fifo'] })
    anvils.push(anvil)
    builders.push(await startLocalBuilder({ anvil }))
  }
  deadUrl = `http://127.0.0.1:${await getFreePort()}`
}, 60_000)

afterAll(async () => {
  for (const b of builders) await b.stop()
  for (const a of anvils) await a.stop()
})

describe('createBundleClient', () => {
  it('sends the same bundle to every builder for blocks N+1..N+K; a builder that fails is a row with its error', async () => {
    const signer = privateKeyToAccount(generatePrivateKey())
    const client = createBundleClient({
      builders: [
        { name: 'one', url: builders[0]!.url },
        { name: 'two', url: builders[1]!.url },
        { name: 'down', url: deadUrl },
      ],
      signer,
      timeoutMs: 2_000,
    })
    const tx = await signTx(devAccount(1), { nonce: 0, to: devAccount(2).address, value: 1n, tip: 1_000_000_000n, gas: 21_000n })
    const rpc = createRpcClient(builders[0]!.url, { retries: 0 })
    const head = BigInt(await rpc.request<Hex>('eth_blockNumber'))
    const targets = targetBlocks(head, 2)
    expect(targets).toEqual([head + 1n, head + 2n])

    const checks = await client.callBundle({ txs: [tx] }, head + 1n)
    expect(checks.map((c) => [c.builder, c.status])).toEqual([
      ['one', 'ok'],
      ['two', 'ok'],
      ['down', 'failed'],
    ])

    const rows = await client.sendBundle({ txs: [tx] }, targets)
    expect(rows).toHaveLength(6)
    const bundleHash = keccak256(keccak256(tx))
    for (const r of rows.filter((r) => r.builder !== 'down')) expect(r).toMatchObject({ bundleHash, acceptedHash: bundleHash })
    for (const r of rows.filter((r) => r.builder === 'down')) {
      expect(r.bundleHash).toBe(bundleHash)
      expect(r.error).toMatch(/^eth_sendBundle to http:\/\/127\.0\.0\.1:\d+\/: no answer/)
    }

    // Each builder mines it in its own chain at index 0.
    for (const b of builders) {
      const block = await b.buildBlock()
      expect(block.transactions).toEqual([keccak256(tx)])
      const inclusion = await trackInclusion(createRpcClient(b.url, { retries: 0 }), { txs: [tx], targetBlock: head + 1n })
      expect(inclusion).toMatchObject({ status: 'known', landed: true, landedBlock: head + 1n, landedIndex: 0 })
    }
  })

  it('refuses an empty or ambiguous builder list', () => {
    const signer = privateKeyToAccount(generatePrivateKey())
    expect(() => createBundleClient({ builders: [], signer })).toThrow(ConfigError)
    expect(() => createBundleClient({ builders: [{ name: 'a', url: 'http://x' }, { name: 'a', url: 'http://y' }], signer })).toThrow(/distinct names/)
  })
})

describe('execution config for bundles', () => {
  const base = { strategies: [{ name: 'spatial' }] }

  it('accepts submit "bundle" with several builders and K target blocks', () => {
    const config = parseConfig({
      ...base,
      execution: {
        submit: 'bundle',
        bundleBlocks: 3,
        builders: [
          { name: 'flashbots', url: 'https://relay.flashbots.net' },
          { name: 'beaverbuild', url: 'https://rpc.beaverbuild.org', feeRecipient: '0x95222290dd7278aa3ddd389cc1e1d165cc4bafe5' },
        ],
      },
    })
    expect(config.execution.submit).toBe('bundle')
    expect(config.execution.builders?.map((b) => b.name)).toEqual(['flashbots', 'beaverbuild'])
    expect(config.execution.bundleBlocks).toBe(3)
  })

  it('adds no bundle field to a config that names none: submit, builders and bundleBlocks are optional', () => {
    const config = parseConfig(base)
    expect(Object.keys(config.execution).sort()).toEqual(['bidBps', 'mode', 'priorityFee', 'profitToleranceBps'])
  })

  it('names the field when a bundle config is incomplete or malformed', () => {
    expect(() => parseConfig({ ...base, execution: { submit: 'bundle' } })).toThrow(/execution\.builders/)
    expect(() => parseConfig({ ...base, execution: { submit: 'private' } })).toThrow(/execution\.submit.*one of public, bundle/)
    expect(() => parseConfig({ ...base, execution: { builders: [{ name: 'x', url: 'ftp://x' }] } })).toThrow(/execution\.builders\[0\]\.url/)
    expect(() => parseConfig({ ...base, execution: { bundleBlocks: 0 } })).toThrow(/execution\.bundleBlocks/)
  })

  it('bundleAccounts: an integer from 1 to 16, only with submit "bundle", part of the config hash', () => {
    const bundle = { submit: 'bundle', builders: [{ name: 'local', url: 'http://127.0.0.1:8545' }] }
    expect(parseConfig({ ...base, execution: { ...bundle, bundleAccounts: 16 } }).execution.bundleAccounts).toBe(16)
    for (const bad of [0, 17, 1.5, '2']) {
      expect(() => parseConfig({ ...base, execution: { ...bundle, bundleAccounts: bad } }), String(bad)).toThrow(/execution\.bundleAccounts/)
    }
    expect(() => parseConfig({ ...base, execution: { bundleAccounts: 2 } })).toThrow(/execution\.bundleAccounts.*needs submit "bundle"/)
    const two = configHash(parseConfig({ ...base, execution: { ...bundle, bundleAccounts: 2 } }))
    expect(two).not.toBe(configHash(parseConfig({ ...base, execution: { ...bundle, bundleAccounts: 3 } })))
    expect(two).not.toBe(configHash(parseConfig({ ...base, execution: bundle })))
  })
})
