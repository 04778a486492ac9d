import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Address, Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { createRpcClient, type RpcClient } from '../chain/createRpcClient.js'
import { getFreePort } from '../chain/getFreePort.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { startLocalBuilder, type LocalBuilder } from '../builder/startLocalBuilder.js'
import { PER_BLOCK_RUNTIME, REVERT_RUNTIME, deployRuntime, devAccount, signTx } from '../builder/testing/bundleFixtures.js'
import { openStore, type Store } from '../store/openStore.js'
import { createBundleClient, type BundleClient } from './createBundleClient.js'
import { submitBundle } from './submitBundle.js'

const GWEI = 1_000_000_000n
const ETH = 10n ** 18n

let anvil: Anvil
let builder: LocalBuilder
let rpc: RpcClient
let client: BundleClient
let perBlock: Address
let reverter: Address
let store: Store
let snapshot: Hex

beforeAll(async () => {
  anvil = await startAnvil({ extraArgs: ['--order', 'fifo'] })
  perBlock = await deployRuntime(anvil, PER_BLOCK_RUNTIME)
  reverter = await deployRuntime(anvil, REVERT_RUNTIME)
  builder = await startLocalBuilder({ anvil })
  rpc = createRpcClient(builder.url, { retries: 0 })
  client = createBundleClient({ builders: [{ name: 'local', url: builder.url }], signer: privateKeyToAccount(generatePrivateKey()) })
}, 60_000)
afterAll(async () => {
  await builder?.stop()
  await anvil?.stop()
})
beforeEach(async () => {
  snapshot = await anvil.request<Hex>('evm_snapshot')
  store = await openStore({ path: ':memory:' })
})
afterEach(async () => {
  await store.close()
  while (builder.pendingBundles().length > 0) await builder.buildBlock()
  await anvil.revert(snapshot)
})

const head = async () => BigInt(await rpc.request<Hex>('eth_blockNumber'))
const nonce = async (i: number) => Number(BigInt(await rpc.request<Hex>('eth_getTransactionCount', [devAccount(i).address, 'latest'])))
/** The test is the block producer: waiting for block n means building up to it. */
const waited: bigint[] = []
const buildUpTo = async (n: bigint) => {
  waited.push(n)
  while ((await head()) < n) await builder.buildBlock()
}
type Row = { target_block: bigint; landed: boolean | null; landed_block: bigint | null; landed_index: number | null; error: string | null }
const rows = () => store.query<Row>('SELECT target_block, landed, landed_block, landed_index, error FROM submissions ORDER BY target_block')

describe('submitBundle', () => {
  it('is outbid in N+1, lands in N+2, and records both', async () => {
    const n = await head()
    const rival = await signTx(devAccount(2), { nonce: await nonce(2), to: perBlock, value: ETH / 20n, tip: GWEI })
    await client.sendBundle({ txs: [rival] }, [n + 1n])
    const ours = await signTx(devAccount(1), { nonce: await nonce(1), to: perBlock, value: ETH / 100n, tip: GWEI })

    const result = await submitBundle({ client, rpc, bundle: { txs: [ours] }, head: n, blocks: 2, store, runId: 'run', opportunityId: 'op1', waitForBlock: buildUpTo })
    expect(result).toMatchObject({ landed: true, landedBlock: n + 2n, landedIndex: 0 })
    expect(result.checks.map((c) => c.status)).toEqual(['ok'])
    expect(await rows()).toEqual([
      { target_block: n + 1n, landed: false, landed_block: null, landed_index: null, error: null },
      { target_block: n + 2n, landed: true, landed_block: n + 2n, landed_index: 0, error: null },
    ])
  })

  it('settles the later targets at once when it lands in the first', async () => {
    const n = await head()
    const ours = await signTx(devAccount(1), { nonce: await nonce(1), to: perBlock, value: ETH / 100n, tip: GWEI })
    waited.length = 0
    const result = await submitBundle({ client, rpc, bundle: { txs: [ours] }, head: n, blocks: 3, store, runId: 'run', opportunityId: 'op2', waitForBlock: buildUpTo })
    expect(result).toMatchObject({ landed: true, landedBlock: n + 1n, landedIndex: 0 })
    expect(waited).toEqual([n + 1n])
    expect((await rows()).map((r) => [r.target_block, r.landed, r.landed_block])).toEqual([
      [n + 1n, true, n + 1n],
      [n + 2n, false, n + 1n],
      [n + 3n, false, n + 1n],
    ])
  })

  it('does not send a bundle whose pre-check shows a revert', async () => {
    const n = await head()
    const boom = await signTx(devAccount(1), { nonce: await nonce(1), to: reverter, tip: GWEI })
    const result = await submitBundle({ client, rpc, bundle: { txs: [boom] }, head: n, store, runId: 'run', opportunityId: 'op3', waitForBlock: buildUpTo })
    expect(result.landed).toBe(false)
    expect(result.notSent?.code).toBe('precheck-reverted')
    expect(builder.pendingBundles()).toEqual([])
    expect(await rows()).toEqual([])
  })

  it('reports a bundle no builder accepted, with each error', async () => {
    const dead = createBundleClient({ builders: [{ name: 'down', url: `http://127.0.0.1:${await getFreePort()}` }], signer: privateKeyToAccount(generatePrivateKey()), timeoutMs: 1_000 })
    const tx = await signTx(devAccount(1), { nonce: await nonce(1), to: perBlock, tip: GWEI })
    const result = await submitBundle({ client: dead, rpc, bundle: { txs: [tx] }, head: await head(), store, runId: 'run', opportunityId: 'op4', waitForBlock: buildUpTo })
    expect(result.notSent?.code).toBe('not-accepted')
    expect(result.checks.map((c) => c.status)).toEqual(['failed'])
    const [row] = await rows()
    expect(row).toMatchObject({ landed: false })
    expect(row!.error).toMatch(/no answer/)
  })
})
