import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { keccak256, stringToBytes, type Address, type Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { createRpcClient, type RpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { createBundleClient, type BundleClient } from '../bundles/createBundleClient.js'
import { signFlashbotsRequest } from '../bundles/signFlashbotsRequest.js'
import { resolveSubmissions, trackInclusion } from '../bundles/trackInclusion.js'
import { startLocalBuilder, type LocalBuilder } from './startLocalBuilder.js'
import { CLAIM_RUNTIME, REVERT_RUNTIME, deployRuntime, devAccount, signTx } from './testing/bundleFixtures.js'

const GWEI = 1_000_000_000n
const ETH = 10n ** 18n
const SINK: Address = '0x000000000000000000000000000000000000dEaD'

let anvil: Anvil
let builder: LocalBuilder
let rpc: RpcClient
let client: BundleClient
let claim: Address
let reverter: Address
const signer = privateKeyToAccount(generatePrivateKey())
let snapshot: Hex

beforeAll(async () => {
  anvil = await startAnvil({ extraArgs: ['--order', 'fifo'] })
  claim = await deployRuntime(anvil, CLAIM_RUNTIME)
  reverter = await deployRuntime(anvil, REVERT_RUNTIME)
  builder = await startLocalBuilder({ anvil })
  rpc = createRpcClient(builder.url, { retries: 0 })
  client = createBundleClient({ builders: [{ name: 'local', url: builder.url }], signer })
}, 60_000)

afterAll(async () => {
  await builder?.stop()
  await anvil?.stop()
})

beforeEach(async () => {
  snapshot = await anvil.request<Hex>('evm_snapshot')
})
afterEach(async () => {
  // Bundles left for a block a test did not build would land in the next test's block (same number after the revert).
  if (builder.pendingBundles().length > 0) await build()
  await anvil.request('anvil_dropAllTransactions')
  await anvil.revert(snapshot)
})

const head = async () => BigInt(await rpc.request<Hex>('eth_blockNumber'))
const nonce = async (i: number) => Number(BigInt(await rpc.request<Hex>('eth_getTransactionCount', [devAccount(i).address, 'latest'])))
const headTimestamp = async () => BigInt((await rpc.request<{ timestamp: Hex }>('eth_getBlockByNumber', ['latest', false])).timestamp)
/** Builds the next block 12 s after the head. */
const build = async () => builder.buildBlock({ timestamp: (await headTimestamp()) + 12n })
const claimTx = async (i: number, value: bigint) => signTx(devAccount(i), { nonce: await nonce(i), to: claim, value, tip: GWEI })
const transferTx = async (i: number, tip: bigint, nonceOffset = 0) => signTx(devAccount(i), { nonce: (await nonce(i)) + nonceOffset, to: SINK, value: 1n, tip, gas: 21_000n })

describe('startLocalBuilder', () => {
  it('forwards ordinary JSON-RPC (single and batch) to the node', async () => {
    expect(await rpc.request('eth_chainId')).toBe('0x7a69')
    const [chainId, number] = await rpc.batch<[Hex, Hex]>([{ method: 'eth_chainId' }, { method: 'eth_blockNumber' }])
    expect(chainId).toBe('0x7a69')
    expect(BigInt(number)).toBe(await head())
  })

  it('puts the bundle paying more per gas first; a bundle racing it for the same state is left out', async () => {
    const target = (await head()) + 1n
    const low = await claimTx(1, ETH / 100n)
    const high = await claimTx(2, ETH / 20n)
    const [sentLow] = await client.sendBundle({ txs: [low] }, [target])
    const [sentHigh] = await client.sendBundle({ txs: [high] }, [target])
    expect(sentLow!.error).toBeUndefined()
    expect(sentLow!.acceptedHash).toBe(sentLow!.bundleHash)

    // Whoever watches the node itself sees one new block: the trials happen on the builder's private fork.
    const filter = await anvil.request<Hex>('eth_newBlockFilter')
    const block = await build()
    expect(await anvil.request('eth_getFilterChanges', [filter])).toEqual([block.hash])
    expect(block.number).toBe(target)
    expect(block.transactions).toEqual([keccak256(high)])
    const byHash = new Map(block.bundles.map((b) => [b.bundleHash, b]))
    expect(byHash.get(sentHigh!.bundleHash)).toMatchObject({ status: 'included', index: 0 })
    // Alone, each pays its value plus 1 gwei per gas of priority fee to the fee recipient.
    const high1 = byHash.get(sentHigh!.bundleHash)!
    expect(high1.coinbasePayment).toBe(ETH / 20n + high1.gasUsed! * GWEI)
    expect(byHash.get(sentLow!.bundleHash)).toMatchObject({ status: 'conflict' })
    expect(byHash.get(sentLow!.bundleHash)!.detail).toMatch(/reverted/)

    const inclusionHigh = await trackInclusion(rpc, { txs: [high], targetBlock: target })
    expect(inclusionHigh).toMatchObject({ status: 'known', landed: true, landedBlock: target, landedIndex: 0 })
    const inclusionLow = await trackInclusion(rpc, { txs: [low], targetBlock: target })
    expect(inclusionLow).toMatchObject({ status: 'known', landed: false })
    expect(inclusionLow.status === 'known' ? inclusionLow.landedBlock : 'pending').toBeUndefined()
    expect(builder.pendingBundles()).toEqual([])
  })

  it('leaves out a bundle with a reverting transaction, unless revertingTxHashes allows it', async () => {
    const target = (await head()) + 1n
    const pay = await transferTx(1, 2n * GWEI)
    const boom = await signTx(devAccount(1), { nonce: (await nonce(1)) + 1, to: reverter, tip: 2n * GWEI })
    const [strict] = await client.sendBundle({ txs: [pay, boom] }, [target])
    let block = await build()
    expect(block.transactions).toEqual([])
    expect(block.bundles).toMatchObject([{ bundleHash: strict!.bundleHash, status: 'reverted' }])

    const [lenient] = await client.sendBundle({ txs: [pay, boom], revertingTxHashes: [keccak256(boom)] }, [target + 1n])
    block = await build()
    expect(block.transactions).toEqual([keccak256(pay), keccak256(boom)])
    expect(block.bundles).toMatchObject([{ bundleHash: lenient!.bundleHash, status: 'included', index: 0 }])
    const receipt = await rpc.request<{ status: Hex }>('eth_getTransactionReceipt', [keccak256(boom)])
    expect(receipt.status).toBe('0x0')
  })

  it('replaces and cancels by replacementUuid, only for the signer that sent it', async () => {
    const target = (await head()) + 1n
    const first = await transferTx(1, GWEI)
    const second = await transferTx(2, GWEI)
    await client.sendBundle({ txs: [first], replacementUuid: 'uuid-a' }, [target])
    await client.sendBundle({ txs: [second], replacementUuid: 'uuid-a' }, [target])
    expect(builder.pendingBundles().map((b) => b.txHashes[0])).toEqual([keccak256(second)])

    const stranger = createBundleClient({ builders: [{ name: 'local', url: builder.url }], signer: privateKeyToAccount(generatePrivateKey()) })
    expect(await stranger.cancelBundle('uuid-a')).toEqual([{ builder: 'local', ok: true }])
    expect(builder.pendingBundles()).toHaveLength(1)

    expect(await client.cancelBundle('uuid-a')).toEqual([{ builder: 'local', ok: true }])
    expect(builder.pendingBundles()).toEqual([])
    const block = await build()
    expect(block.transactions).toEqual([])
  })

  it('refuses bundle methods without a valid X-Flashbots-Signature', async () => {
    const tx = await transferTx(1, GWEI)
    const body = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'eth_sendBundle', params: [{ txs: [tx], blockNumber: `0x${((await head()) + 1n).toString(16)}` }] })
    const post = (headers: Record<string, string>) =>
      fetch(builder.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body }).then(async (r) => ({ status: r.status, json: (await r.json()) as { id: number; error?: { message: string } } }))

    const missing = await post({})
    expect(missing.status).toBe(403)
    expect(missing.json.error!.message).toMatch(/missing X-Flashbots-Signature/)
    const otherBody = await post({ 'x-flashbots-signature': await signFlashbotsRequest(`${body} `, signer) })
    expect(otherBody.status).toBe(403)
    expect(otherBody.json.error!.message).toMatch(/does not match/)
    const someoneElse = privateKeyToAccount(generatePrivateKey())
    const forged = `${someoneElse.address}:${(await signFlashbotsRequest(body, signer)).split(':')[1]}`
    expect((await post({ 'x-flashbots-signature': forged })).status).toBe(403)
    expect((await post({ 'x-flashbots-signature': 'nonsense' })).json.error!.message).toMatch(/expected <0x address>:<0x 65-byte signature>/)
    expect(builder.pendingBundles()).toEqual([])

    const ok = await post({ 'x-flashbots-signature': await signFlashbotsRequest(body, signer) })
    expect(ok.status).toBe(200)
    expect(ok.json).toMatchObject({ id: 7, result: { bundleHash: keccak256(keccak256(tx)) } })
    expect(builder.pendingBundles().map((b) => b.signer)).toEqual([signer.address])
    // Check the signature format against the specification: EIP-191 over the hex string of keccak256(body).
    const header = await signFlashbotsRequest(body, signer)
    expect(header.split(':')[1]).toBe(await signer.signMessage({ message: keccak256(stringToBytes(body)) }))
  })

  it('names the bad field of a malformed bundle', async () => {
    const target = (await head()) + 1n
    const [noTxs] = await client.sendBundle({ txs: [] }, [target])
    expect(noTxs!.error).toMatch(/Invalid params\[0\]\.txs: expected an array of 1 to 100 signed transactions/)
    const [garbage] = await client.sendBundle({ txs: ['0x1234'] }, [target])
    expect(garbage!.error).toMatch(/Invalid params\[0\]\.txs\[0\]: expected a signed, RLP-encoded transaction/)
    const [past] = await client.sendBundle({ txs: [await transferTx(1, GWEI)] }, [target - 1n])
    expect(past!.error).toMatch(/Invalid params\[0\]\.blockNumber: expected a block after the latest/)
  })

  it('includes a bundle only inside its minTimestamp/maxTimestamp window', async () => {
    const target = (await head()) + 1n
    const t = (await headTimestamp()) + 12n
    const early = await transferTx(1, GWEI)
    const late = await transferTx(2, GWEI)
    const inside = await transferTx(3, GWEI)
    const [a] = await client.sendBundle({ txs: [early], minTimestamp: Number(t + 1n) }, [target])
    const [b] = await client.sendBundle({ txs: [late], maxTimestamp: Number(t - 1n) }, [target])
    const [c] = await client.sendBundle({ txs: [inside], minTimestamp: Number(t), maxTimestamp: Number(t) }, [target])
    const block = await builder.buildBlock({ timestamp: t })
    expect(block.timestamp).toBe(t)
    expect(block.transactions).toEqual([keccak256(inside)])
    const status = new Map(block.bundles.map((o) => [o.bundleHash, o.status]))
    expect(status.get(a!.bundleHash)).toBe('outside-timestamps')
    expect(status.get(b!.bundleHash)).toBe('outside-timestamps')
    expect(status.get(c!.bundleHash)).toBe('included')
  })

  it('mines the public mempool after the bundles, keeps what cannot be mined yet, and never lets it displace a bundle', async () => {
    const target = (await head()) + 1n
    const bundleTx = await transferTx(1, GWEI)
    const publicRich = await transferTx(3, 50n * GWEI)
    const publicGap = await transferTx(4, 50n * GWEI, 1) // nonce + 1: not minable yet
    const sameNonce = await signTx(devAccount(1), { nonce: await nonce(1), to: SINK, value: 2n, tip: 90n * GWEI, gas: 21_000n })
    for (const raw of [publicRich, publicGap, sameNonce]) await rpc.request('eth_sendRawTransaction', [raw])
    await client.sendBundle({ txs: [bundleTx] }, [target])

    const block = await build()
    expect(block.transactions).toEqual([keccak256(bundleTx), keccak256(publicRich)])
    expect(block.publicTxs).toEqual({ included: 1, pending: 1, dropped: 1 })
    const pool = await rpc.request<{ pending: Hex; queued: Hex }>('txpool_status')
    expect(BigInt(pool.pending) + BigInt(pool.queued)).toBe(1n)
  })

  it('tracks inclusion: landed at its index in the first target block, not in the next', async () => {
    const n = await head()
    const ours = await transferTx(1, GWEI)
    const theirs = await transferTx(2, 5n * GWEI)
    const targets = [n + 1n, n + 2n]
    const submissions = await client.sendBundle({ txs: [ours] }, targets)
    await client.sendBundle({ txs: [theirs] }, [n + 1n])
    expect(await trackInclusion(rpc, { txs: [ours], targetBlock: n + 1n })).toEqual({ status: 'pending', targetBlock: n + 1n })

    await build()
    const first = await trackInclusion(rpc, { txs: [ours], targetBlock: n + 1n })
    expect(first).toMatchObject({ status: 'known', landed: true, landedBlock: n + 1n, landedIndex: 1 })
    await build()
    const second = await trackInclusion(rpc, { txs: [ours], targetBlock: n + 2n })
    expect(second).toMatchObject({ status: 'known', landed: false, landedBlock: n + 1n, landedIndex: 1 })
    if (first.status !== 'known' || second.status !== 'known') throw new Error('unreachable')
    const rows = [...resolveSubmissions(submissions, first, client.builders), ...resolveSubmissions(submissions, second, client.builders)]
    expect(rows.map((r) => [r.builder, r.targetBlock, r.landed])).toEqual([
      ['local', n + 1n, true],
      ['local', n + 2n, false],
    ])
  })

  it('eth_callBundle simulates without a trace on the chain; a builder without it is skipped', async () => {
    const n = await head()
    const tx = await claimTx(1, ETH / 100n)
    const [check] = await client.callBundle({ txs: [tx] }, n + 1n)
    expect(check!.status).toBe('ok')
    if (check!.status !== 'ok') throw new Error('unreachable')
    const r = check!.result as unknown as { coinbaseDiff: string; ethSentToCoinbase: string; totalGasUsed: number; results: { ethSentToCoinbase: string; gasFees: string; value: Hex }[] }
    expect(BigInt(r.ethSentToCoinbase)).toBe(ETH / 100n)
    expect(BigInt(r.coinbaseDiff)).toBe(ETH / 100n + BigInt(r.totalGasUsed) * GWEI)
    expect(r.results[0]).toMatchObject({ ethSentToCoinbase: (ETH / 100n).toString(), gasFees: (BigInt(r.totalGasUsed) * GWEI).toString(), value: '0x' })
    expect(await head()).toBe(n)

    const boom = await signTx(devAccount(2), { nonce: await nonce(2), to: reverter, tip: GWEI })
    const [failed] = await client.callBundle({ txs: [boom] }, n + 1n)
    expect(failed).toMatchObject({ builder: 'local', status: 'reverted' })

    const direct = createBundleClient({ builders: [{ name: 'plain-node', url: anvil.rpcUrl }], signer })
    const [skipped] = await direct.callBundle({ txs: [tx] }, n + 1n)
    expect(skipped).toMatchObject({ builder: 'plain-node', status: 'unsupported' })
  })
})

describe('startLocalBuilder on its own node', () => {
  it('builds on an interval in front of an rpcUrl, paying the chosen fee recipient, and restores automine on stop', async () => {
    const node = await startAnvil({ extraArgs: ['--order', 'fifo'] })
    const coinbase: Address = '0x00000000000000000000000000000000000b0b01'
    const blocks: bigint[] = []
    const own = await startLocalBuilder({ rpcUrl: node.rpcUrl, intervalMs: 100, coinbase, onBlock: (b) => blocks.push(b.number) })
    try {
      const ownRpc = createRpcClient(own.url, { retries: 0 })
      const tx = await signTx(devAccount(1), { nonce: 0, to: SINK, value: 1n, tip: GWEI, gas: 21_000n })
      await ownRpc.request('eth_sendRawTransaction', [tx])
      const deadline = Date.now() + 20_000
      let receipt: { blockNumber: Hex } | null = null
      while (!receipt && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50))
        receipt = await ownRpc.request<{ blockNumber: Hex } | null>('eth_getTransactionReceipt', [keccak256(tx)])
      }
      expect(receipt).not.toBeNull()
      expect(blocks.length).toBeGreaterThan(0)
      const block = await ownRpc.request<{ miner: Address }>('eth_getBlockByNumber', [receipt!.blockNumber, false])
      expect(block.miner.toLowerCase()).toBe(coinbase)
      expect(await node.request('anvil_getAutomine')).toBe(false)
    } finally {
      await own.stop()
      expect(await node.request('anvil_getAutomine')).toBe(true)
      await node.stop()
    }
  })

  it('refuses an Anvil that orders its pool by fee, saying how to start it', async () => {
    const node = await startAnvil()
    try {
      const e = await startLocalBuilder({ anvil: node }).catch((x: unknown) => x)
      expect((e as Error).message).toMatch(/orders transactions by fees[\s\S]*--order fifo/)
      expect(await node.request('anvil_getAutomine')).toBe(true)
    } finally {
      await node.stop()
    }
  })
})
