import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { startFlakyProxy, type FlakyProxy } from '../chain/testing/startFlakyProxy.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import { addNarrowPositions } from '../math/testing/addNarrowPositions.js'
import { fundDeployer } from '../math/testing/fundDeployer.js'
import { swapExactInputV3 } from '../math/testing/swapExactInputV3.js'
import { createMarketReader } from '../market/createMarketReader.js'
import type { MarketState } from '../market/types.js'
import { createForkSource, type ForkSource } from '../sources/fork/createForkSource.js'
import { readAhead } from './readAhead.js'

// A range where V3 positions are minted in some blocks (ticks re-read) and prices move in others (ticks reused).
let anvil: Anvil
let source: ForkSource
let jittery: FlakyProxy
beforeAll(async () => {
  anvil = await startAnvil()
  const m = await deployDevnet(anvil, { seed: 3 })
  await fundDeployer(anvil, m, 10n ** 30n, [m.venues['uniswap-v3'].router])
  const from = BigInt(await anvil.request<string>('eth_blockNumber')) + 1n
  const v3 = m.pools.filter((p) => p.venue === 'uniswap-v3')
  for (const [i, p] of v3.slice(0, 3).entries()) {
    await swapExactInputV3(anvil, m, p, i % 2 === 0, 10n ** 15n)
    await addNarrowPositions(anvil, m, p)
    await swapExactInputV3(anvil, m, v3[4]!, true, 10n ** 15n)
  }
  const to = BigInt(await anvil.request<string>('eth_blockNumber'))
  source = await createForkSource({ rpcUrl: anvil.rpcUrl, manifest: m, from, to, batchSize: 7 })
  // Answers come back out of order: reads of later blocks finish before earlier ones.
  jittery = await startFlakyProxy(anvil.rpcUrl, { seed: 5, dropRate: 0, delayRate: 0.6, maxDelayMs: 25 })
}, 120_000)
afterAll(async () => {
  await jittery?.close()
  await source?.close()
  await anvil?.stop()
})

const replay = async (depth: number | undefined, from?: bigint) => {
  const reader = createMarketReader({ rpc: createRpcClient(jittery.url), manifest: source.manifest })
  const out: { number: bigint; state: MarketState }[] = []
  for await (const { block, state } of readAhead({ source, reader, ...(from !== undefined ? { from } : {}), ...(depth !== undefined ? { depth } : {}) })) {
    out.push({ number: block.number, state })
  }
  return out
}

describe('readAhead', () => {
  it('yields every block in order with the state a block-by-block read gives, at any depth', async () => {
    const reader = createMarketReader({ rpc: createRpcClient(source.rpcUrl), manifest: source.manifest })
    const expected: { number: bigint; state: MarketState }[] = []
    for await (const block of source.blocks()) expected.push({ number: block.number, state: await reader.read(block) })
    expect(expected.length).toBeGreaterThan(20)
    const tickReads = expected.filter((e, i) => i > 0 && e.state.pools.some((p, j) => p.kind === 'v3' && p.ticks !== (expected[i - 1]!.state.pools[j] as typeof p).ticks))
    expect(tickReads.length).toBeGreaterThan(0) // the range does exercise tick re-reads
    for (const depth of [1, 4, 32, undefined]) expect(await replay(depth)).toEqual(expected)
    // A resume starts mid-range with a full read, as the block-by-block reader does.
    expect(await replay(undefined, source.fromBlock + 9n)).toEqual(expected.slice(9))
  }, 120_000)

  it('stops reading when the consumer stops', async () => {
    const reader = createMarketReader({ rpc: createRpcClient(source.rpcUrl), manifest: source.manifest })
    let n = 0
    for await (const _ of readAhead({ source, reader, depth: 8 })) if (++n === 3) break
    expect(n).toBe(3)
  })
})
