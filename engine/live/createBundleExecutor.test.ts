import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { startLocalBuilder, type LocalBuilder } from '../builder/startLocalBuilder.js'
import { devAccount } from '../builder/testing/bundleFixtures.js'
import { createBundleClient } from '../bundles/createBundleClient.js'
import { createRpcClient, type RpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest } from '../devnet/manifest.js'
import { dumpWethOnV2 } from '../devnet/testing/dumpOnV2.js'
import type { SimulatedTrade } from '../executors/Executor.js'
import { createMarketReader } from '../market/createMarketReader.js'
import type { Address, Opportunity } from '../market/types.js'
import { openStore, type Store } from '../store/openStore.js'
import { spatial } from '../strategies/spatial.js'
import { BUNDLE_NOT_INCLUDED, BUNDLE_OUTCOME_UNKNOWN, createBundleExecutor } from './createBundleExecutor.js'
import { signRivalBackrun } from './testing/signRivalBackrun.js'

// Anvil's account 0 (default mnemonic): the devnet deployer, owner of the executor. A well-known test key.
const OWNER_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const GWEI = 1_000_000_000n
const bundleSigner = privateKeyToAccount(generatePrivateKey())
const account = privateKeyToAccount(OWNER_KEY)

let anvil: Anvil
let builder: LocalBuilder
let rpc: RpcClient
let manifest: Manifest
let opportunity: Opportunity
let store: Store
let snap: Hex

beforeAll(async () => {
  anvil = await startAnvil({ extraArgs: ['--order', 'fifo'] })
  manifest = await deployDevnet(anvil)
  await dumpWethOnV2(anvil, manifest, 'uniswap-v2', 'USDC', 300n * 10n ** 18n)
  const number = BigInt(await anvil.request<Hex>('eth_blockNumber'))
  const state = await createMarketReader({ rpc: createRpcClient(anvil.rpcUrl), manifest }).read({ number, timestamp: 0n, baseFee: 0n })
  const weth = manifest.tokens.WETH!.address as Address
  opportunity = spatial(state, { startTokens: [weth] }).sort((a, b) => (b.expectedProfit > a.expectedProfit ? 1 : -1))[0]!
  builder = await startLocalBuilder({ anvil })
  rpc = createRpcClient(builder.url, { retries: 0 })
  store = await openStore({ path: ':memory:' })
}, 180_000)
afterAll(async () => {
  await store?.close()
  await builder?.stop()
  await anvil?.stop()
})
beforeEach(async () => {
  snap = await anvil.snapshot()
})
afterEach(async () => {
  if (builder.pendingBundles().length > 0) await build()
  await anvil.request('anvil_dropAllTransactions')
  await anvil.revert(snap)
})

const headBlock = async () => {
  const b = await rpc.request<{ number: Hex; hash: Hex; timestamp: Hex; baseFeePerGas: Hex }>('eth_getBlockByNumber', ['latest', false])
  return { number: BigInt(b.number), hash: b.hash, timestamp: BigInt(b.timestamp), baseFee: BigInt(b.baseFeePerGas) }
}
const build = async () => builder.buildBlock({ timestamp: (await headBlock()).timestamp + 12n })
/** The chain mines only when the builder builds: each target block is built when the executor waits for it. */
const buildUpTo = async (n: bigint) => {
  while ((await headBlock()).number < n) await build()
}
const nonceOf = async (address: Address) => Number(BigInt(await rpc.request<Hex>('eth_getTransactionCount', [address, 'latest'])))

function executorFor(waitForBlock: (n: bigint) => Promise<void> = buildUpTo) {
  return createBundleExecutor({
    rpc,
    manifest,
    chainId: 31337,
    account,
    bundleSigner,
    builders: [{ name: 'local', url: builder.url }],
    bundleBlocks: 2,
    store,
    waitForBlock,
  })
}
const submissions = (opportunityId: string) =>
  store.query<{ builder: string; target_block: bigint; landed: boolean; landed_block: bigint | null; error: string | null }>(
    'SELECT builder, target_block, landed, landed_block, error FROM submissions WHERE opportunity_id = $1 ORDER BY target_block',
    [opportunityId],
  )

describe('createBundleExecutor', () => {
  it('lands a one-transaction bundle: realized profit and builder payment from the receipt equal the simulation', async () => {
    const ex = executorFor()
    const head = await headBlock()
    ex.setHead(head)
    const sim = await ex.simulate(opportunity, 'flash', 5_000)
    expect(sim.success, 'error' in sim ? sim.error : '').toBe(true)
    const simulated = sim as SimulatedTrade & { success: true }
    expect(simulated.payment).toBeGreaterThan(0n)

    const result = await ex.execute({ opportunity, mode: 'flash', simulated, minProfit: 1n, bidBps: 5_000, priorityFee: GWEI, ref: { runId: 'r', opportunityId: 'landed' } })
    expect(result.success, result.error ?? '').toBe(true)
    expect(result.realizedProfit).toBe(simulated.profit)
    expect(result.builderPayment).toBe(simulated.payment)
    expect(result.gasUsed).toBeGreaterThan(0n)
    expect(result.priorityFee).toBe(GWEI)
    const tx = await rpc.request<{ blockNumber: Hex; transactionIndex: Hex }>('eth_getTransactionByHash', [result.txHash])
    expect(BigInt(tx.blockNumber)).toBe(head.number + 1n)
    // Landed in N+1: the N+2 row is settled as not landed without waiting for N+2.
    expect(await submissions('landed')).toEqual([
      { builder: 'local', target_block: head.number + 1n, landed: true, landed_block: head.number + 1n, error: null },
      { builder: 'local', target_block: head.number + 2n, landed: false, landed_block: head.number + 1n, error: null },
    ])
    expect(ex.nonces?.peek()).toBe((await nonceOf(account.address)))
  }, 120_000)

  it('outbid by a rival that pays the builder more: not included, nothing paid, the nonce reused by the next trade', async () => {
    const head = await headBlock()
    const ex = executorFor(async (n) => {
      // Before each target block: a rival backruns the same mispricing with a tip far above our bid per gas.
      const rival = devAccount(3)
      const txs = await signRivalBackrun(rpc, manifest, { account: rival, sellVenue: 'sushiswap', buyVenue: 'uniswap-v2', symbol: 'USDC', wethIn: 150n * 10n ** 18n, tip: 200_000n * GWEI })
      const rivalClient = createBundleClient({ builders: [{ name: 'local', url: builder.url }], signer: privateKeyToAccount(generatePrivateKey()) })
      const [sent] = await rivalClient.sendBundle({ txs }, [n])
      expect(sent!.error).toBeUndefined()
      const block = await build()
      // The rival's bundle goes first; ours, run after it, reverts (its minProfit) and is left out.
      expect(block.number).toBe(n)
      expect(block.bundles.map((b) => [b.bundleHash === sent!.bundleHash, b.status])).toEqual([
        [true, 'included'],
        [false, n === head.number + 1n ? 'conflict' : 'reverted'],
      ])
    })
    ex.setHead(head)
    const sim = (await ex.simulate(opportunity, 'flash', 5_000)) as SimulatedTrade & { success: true }
    expect(sim.success).toBe(true)
    const ownerNonce = await nonceOf(account.address)
    const balanceBefore = BigInt(await rpc.request<Hex>('eth_getBalance', [account.address, 'latest']))

    const result = await ex.execute({ opportunity, mode: 'flash', simulated: sim, minProfit: (sim.profit * 9n) / 10n, bidBps: 5_000, priorityFee: GWEI, ref: { runId: 'r', opportunityId: 'outbid' } })
    expect(result).toMatchObject({ success: false, error: BUNDLE_NOT_INCLUDED, txHash: null, gasUsed: 0n, realizedProfit: 0n, builderPayment: 0n })
    expect(BigInt(await rpc.request<Hex>('eth_getBalance', [account.address, 'latest']))).toBe(balanceBefore)
    expect(await nonceOf(account.address)).toBe(ownerNonce)
    expect(ex.nonces?.peek()).toBe(ownerNonce)
    const rows = await submissions('outbid')
    expect(rows.map((r) => [r.target_block, r.landed, r.landed_block])).toEqual([
      [head.number + 1n, false, null],
      [head.number + 2n, false, null],
    ])
  }, 120_000)

  it('does not send a bundle whose eth_callBundle pre-check reverts, and gives the nonce back', async () => {
    const ex = executorFor()
    ex.setHead(await headBlock())
    const sim = (await ex.simulate(opportunity, 'flash', 5_000)) as SimulatedTrade & { success: true }
    const ownerNonce = await nonceOf(account.address)
    const result = await ex.execute({ opportunity, mode: 'flash', simulated: sim, minProfit: sim.profit * 2n, bidBps: 5_000, priorityFee: GWEI, ref: { runId: 'r', opportunityId: 'precheck' } })
    expect(result.success).toBe(false)
    expect(result.error).toMatch(/^bundle not sent: precheck-reverted: local: transaction 0x[0-9a-f]{64} reverts/)
    expect(result.gasUsed).toBe(0n)
    expect(ex.nonces?.peek()).toBe(ownerNonce)
    expect(await submissions('precheck')).toEqual([])
    expect(builder.pendingBundles()).toEqual([])
  }, 120_000)

  it('sends again for the new head when a block was built between reading the head and sending', async () => {
    const real = createBundleClient({ builders: [{ name: 'local', url: builder.url }], signer: bundleSigner })
    let raced = false
    const ex = createBundleExecutor({
      rpc, manifest, chainId: 31337, account, bundleSigner, builders: real.builders, store, waitForBlock: buildUpTo,
      client: {
        ...real,
        // The builder's interval fires just before our first eth_sendBundle: its target is then already built.
        async sendBundle(bundle, targets) {
          if (!raced) (raced = true), await build()
          return real.sendBundle(bundle, targets)
        },
      },
    })
    const head = await headBlock()
    ex.setHead(head)
    const sim = (await ex.simulate(opportunity, 'flash', 5_000)) as SimulatedTrade & { success: true }
    const result = await ex.execute({ opportunity, mode: 'flash', simulated: sim, minProfit: 1n, bidBps: 5_000, priorityFee: GWEI, ref: { runId: 'r', opportunityId: 'raced' } })
    expect(result.success, result.error ?? '').toBe(true)
    const rows = await submissions('raced')
    expect(rows.map((r) => [r.target_block, r.landed, r.error === null])).toEqual([
      [head.number + 1n, false, false],
      [head.number + 2n, true, true],
    ])
    expect(rows[0]!.error).toMatch(/already built/)
  }, 120_000)

  it('send answers once the bundle is out: two trades of one head go out before any block, as alternatives (one nonce), and settle after it', async () => {
    const ex = createBundleExecutor({ rpc, manifest, chainId: 31337, account, bundleSigner, builders: [{ name: 'local', url: builder.url }], bundleBlocks: 1, store })
    const head = await headBlock()
    ex.setHead(head)
    const sim = (await ex.simulate(opportunity, 'flash', 5_000)) as SimulatedTrade & { success: true }
    const ownerNonce = await nonceOf(account.address)
    const order = { opportunity, mode: 'flash' as const, simulated: sim, minProfit: (sim.profit * 9n) / 10n, bidBps: 5_000, priorityFee: GWEI }
    const a = await ex.send!({ ...order, ref: { runId: 'r', opportunityId: 'async-a' } })
    const b = await ex.send!({ ...order, minProfit: (sim.profit * 8n) / 10n, ref: { runId: 'r', opportunityId: 'async-b' } })
    // Both are with the builder and nothing was built: neither waited for the other's target block.
    expect((await headBlock()).number).toBe(head.number)
    const ours = builder.pendingBundles().filter((x) => x.signer.toLowerCase() === bundleSigner.address.toLowerCase())
    expect(ours.map((x) => x.blockNumber)).toEqual([head.number + 1n, head.number + 1n])
    const block = await build()
    // One nonce: the builder keeps one of them; the other cannot run after it and is left out (costs nothing).
    expect(block.bundles.map((x) => x.status)).toEqual(['included', 'conflict'])
    const results = await Promise.all([a.settled, b.settled])
    const won = results.filter((r) => r.success)
    expect(won).toHaveLength(1)
    expect(won[0]!.realizedProfit).toBe(sim.profit)
    expect(results.filter((r) => !r.success)).toMatchObject([{ error: BUNDLE_NOT_INCLUDED, gasUsed: 0n, txHash: null }])
    const rows = [...(await submissions('async-a')), ...(await submissions('async-b'))]
    expect(rows.map((r) => r.landed).sort()).toEqual([false, true])
    // The next head counts the nonce from the chain again.
    expect(await nonceOf(account.address)).toBe(ownerNonce + 1)
    expect(ex.nonces?.peek()).toBe(ownerNonce + 1)
    ex.setHead(await headBlock())
    const next = await ex.send!({ ...order, ref: { runId: 'r', opportunityId: 'async-c' } })
    // The mispricing is gone: the pre-check reverts and nothing is sent.
    expect((await next.settled).error).toMatch(/^bundle not sent: precheck-reverted/)
  }, 120_000)

  it('a bundle still waiting for its target block when the run stops is recorded as unknown: nothing paid, rows left open', async () => {
    const controller = new AbortController()
    const ex = createBundleExecutor({ rpc, manifest, chainId: 31337, account, bundleSigner, builders: [{ name: 'local', url: builder.url }], bundleBlocks: 1, store, signal: controller.signal, stopWaitMs: 200 })
    ex.setHead(await headBlock())
    const sim = (await ex.simulate(opportunity, 'flash', 5_000)) as SimulatedTrade & { success: true }
    const { settled } = await ex.send!({ opportunity, mode: 'flash', simulated: sim, minProfit: 1n, bidBps: 5_000, priorityFee: GWEI, ref: { runId: 'r', opportunityId: 'stopped' } })
    controller.abort()
    // No block is built: after stopWaitMs the outcome is unknown.
    expect(await settled).toMatchObject({ success: false, error: BUNDLE_OUTCOME_UNKNOWN, gasUsed: 0n, realizedProfit: 0n })
    expect((await submissions('stopped')).map((r) => r.landed)).toEqual([null])
    await ex.close()
  }, 120_000)

  it('refuses the trading key as the bundle signing key', () => {
    expect(() => createBundleExecutor({ rpc, manifest, chainId: 31337, account, bundleSigner: account, builders: [{ name: 'local', url: builder.url }] })).toThrow(/signing key is the trading key/)
  })
})
