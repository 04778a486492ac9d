import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, erc20Abi, type Address } from 'viem'
import { createRpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { startFlakyProxy, type FlakyProxy } from '../chain/testing/startFlakyProxy.js'
import { createTxSender } from '../devnet/createTxSender.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import { loadArtifact } from '../devnet/loadArtifact.js'
import type { Manifest } from '../devnet/manifest.js'
import { addNarrowPositions } from '../math/testing/addNarrowPositions.js'
import { fundDeployer } from '../math/testing/fundDeployer.js'
import { swapExactInputV3 } from '../math/testing/swapExactInputV3.js'
import { createMarketReader } from '../market/createMarketReader.js'
import type { MarketState, V4Pool } from '../market/types.js'
import { createForkSource, type ForkSource } from '../sources/fork/createForkSource.js'
import { readAhead } from './readAhead.js'

// A range of the full devnet (V2, V3, Balancer and V4 pools, Aave, Balancer and V4 as flash lenders) where V3 and
// V4 positions are added in some blocks (their ticks re-read, the PoolManager's balances change) and prices
// move or nothing happens in others (ticks carried over).
let anvil: Anvil
let m: Manifest
let source: ForkSource
let jittery: FlakyProxy
beforeAll(async () => {
  anvil = await startAnvil()
  m = await deployDevnet(anvil, { seed: 3 })
  await fundDeployer(anvil, m, 10n ** 30n, [m.venues['uniswap-v3'].router])
  const tx = await createTxSender(anvil, m.deployer! as Address)
  const manager = m.venues['uniswap-v4']!.poolManager as Address
  const provider = await tx.deploy('V4LiquidityProvider', { ...loadArtifact('V4LiquidityProvider'), args: [manager] })
  for (const t of Object.values(m.tokens)) await tx.send('fund provider', t.address as Address, encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [provider, 10n ** 26n] }))
  await tx.flush()
  const v4Key = (i: number) => {
    const p = m.pools.filter((x) => x.venue === 'uniswap-v4')[i]!
    return { key: { currency0: p.token0 as Address, currency1: p.token1 as Address, fee: p.fee, tickSpacing: p.tickSpacing!, hooks: '0x0000000000000000000000000000000000000000' as Address }, ts: p.tickSpacing! }
  }
  const addV4 = async (i: number, offset: number) => {
    const { key, ts } = v4Key(i)
    const data = encodeFunctionData({ abi: loadArtifact('V4LiquidityProvider').abi, functionName: 'add', args: [key, -ts * (20 + offset), ts * (3 + offset), 10n ** 15n] })
    // A sender of its own: the swap helpers send from the same account with the node's nonces.
    const sender = await createTxSender(anvil, m.deployer! as Address)
    await sender.send(`v4 add ${i}`, provider, data, { gas: 2_000_000n })
    await sender.flush()
  }

  const from = BigInt(await anvil.request<string>('eth_blockNumber')) + 1n
  const v3 = m.pools.filter((p) => p.venue === 'uniswap-v3')
  for (const [i, p] of v3.slice(0, 3).entries()) {
    await swapExactInputV3(anvil, m, p, i % 2 === 0, 10n ** 15n)
    await addNarrowPositions(anvil, m, p)
    await addV4(i, i)
    await anvil.request('anvil_mine', ['0x2'])
    await swapExactInputV3(anvil, m, v3[4]!, true, 10n ** 15n)
  }
  const to = BigInt(await anvil.request<string>('eth_blockNumber'))
  source = await createForkSource({ rpcUrl: anvil.rpcUrl, manifest: m, from, to, batchSize: 7 })
  // Answers come back out of order: reads of later blocks finish before earlier ones.
  jittery = await startFlakyProxy(anvil.rpcUrl, { seed: 5, dropRate: 0, delayRate: 0.6, maxDelayMs: 25 })
}, 180_000)
afterAll(async () => {
  await jittery?.close()
  await source?.close()
  await anvil?.stop()
})

type Read = { number: bigint; state: MarketState }
const replay = async (depth: number | undefined, from?: bigint) => {
  const reader = createMarketReader({ rpc: createRpcClient(jittery.url), manifest: source.manifest })
  const out: Read[] = []
  for await (const { block, state } of readAhead({ blocks: source.blocks(from), reader, ...(depth !== undefined ? { depth } : {}) })) out.push({ number: block.number, state })
  return out
}
/** Blocks at which a pool of `kind` holds another tick list than at the block before (ticks re-read after logs). */
const tickChanges = (reads: Read[], kind: 'v3' | 'v4') =>
  reads.filter((e, i) => i > 0 && e.state.pools.some((p, j) => p.kind === kind && p.ticks !== (reads[i - 1]!.state.pools[j] as V4Pool).ticks)).map((e) => e.number)

describe('readAhead', () => {
  it('yields every block in order with the state a block-by-block read gives, at any depth, with Balancer, V4 and lenders', async () => {
    const reader = createMarketReader({ rpc: createRpcClient(source.rpcUrl), manifest: source.manifest })
    const expected: Read[] = []
    for await (const block of source.blocks()) expected.push({ number: block.number, state: await reader.read(block) })
    expect(expected.length).toBeGreaterThan(20)
    const kinds = new Set(expected[0]!.state.pools.map((p) => p.kind))
    expect([...kinds].sort()).toEqual(['balancer', 'v2', 'v3', 'v4'])
    expect(expected[0]!.state.lenders!.map((l) => l.source).sort()).toEqual(['aave-v3', 'balancer-v2', 'uniswap-v4'])
    // The range exercises tick re-reads of both V3 and V4 pools, and carry-over in the blocks between them.
    expect(tickChanges(expected, 'v3').length).toBeGreaterThan(0)
    expect(tickChanges(expected, 'v4')).toHaveLength(3)
    const v4Lender = (r: Read) => [...r.state.lenders!.find((l) => l.source === 'uniswap-v4')!.available.values()]
    expect(new Set(expected.map((r) => JSON.stringify(v4Lender(r), (_, v) => (typeof v === 'bigint' ? String(v) : v)))).size).toBeGreaterThan(1)

    // Carried-over ticks equal a fresh full read at every block.
    for (const e of expected) {
      const fresh = await createMarketReader({ rpc: createRpcClient(source.rpcUrl), manifest: source.manifest }).read({ number: e.number, timestamp: e.state.timestamp, baseFee: e.state.baseFee })
      expect(fresh, `fresh read at ${e.number}`).toEqual(e.state)
    }

    for (const depth of [1, 4, 32, undefined]) expect(await replay(depth), `depth ${depth ?? 'adaptive'}`).toEqual(expected)
    // A resume starts mid-range with a full read, as the block-by-block reader does.
    expect(await replay(undefined, source.fromBlock + 9n)).toEqual(expected.slice(9))
  }, 180_000)

  it('surfaces a failed read in order: every block before it is yielded first', async () => {
    const reader = createMarketReader({ rpc: createRpcClient(source.rpcUrl), manifest: source.manifest })
    const bad = source.fromBlock + 5n
    const failing = { ...reader, fetch: (block: Parameters<typeof reader.fetch>[0], since?: bigint) => (block.number === bad ? Promise.reject(new Error('node gone')) : reader.fetch(block, since)) }
    const seen: bigint[] = []
    await expect(
      (async () => {
        for await (const { block } of readAhead({ blocks: source.blocks(), reader: failing, depth: 16 })) seen.push(block.number)
      })(),
    ).rejects.toThrow('node gone')
    expect(seen).toEqual([0n, 1n, 2n, 3n, 4n].map((k) => source.fromBlock + k))
  })

  it('stops reading when the consumer stops, with no read left in flight, and names a depth out of bounds', async () => {
    const reader = createMarketReader({ rpc: createRpcClient(source.rpcUrl), manifest: source.manifest })
    // Counts reads started and finished: none is still in flight once the loop has left.
    let started = 0
    let settled = 0
    const counting = { ...reader, fetch: (block: Parameters<typeof reader.fetch>[0], since?: bigint) => (started++, reader.fetch(block, since).finally(() => settled++)) }
    let n = 0
    for await (const _ of readAhead({ blocks: source.blocks(), reader: counting, depth: 8 })) if (++n === 3) break
    expect(n).toBe(3)
    expect(started).toBeGreaterThan(3)
    expect(started).toBeLessThanOrEqual(3 + 8)
    expect(settled).toBe(started)
    await expect(readAhead({ blocks: source.blocks(), reader, depth: 0 }).next()).rejects.toThrow(/depth.*1 to 256/)
    await expect(readAhead({ blocks: source.blocks(), reader, maxDepth: 1000 }).next()).rejects.toThrow(/maxDepth/)
  })
})
