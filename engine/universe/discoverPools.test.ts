import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, type Hex } from 'viem'
import { uniswapV2FactoryAbi } from '../abi/uniswapV2Factory.js'
import { createRpcClient, type RpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { waitForReceipt } from '../chain/waitForReceipt.js'
import { DEVNET_DEPLOYER, deployDevnet } from '../devnet/deployDevnet.js'
import { parseManifest, type Manifest } from '../devnet/manifest.js'
import { ConfigError } from '../errors/ConfigError.js'
import type { Address } from '../market/types.js'
import { openStore, type Store } from '../store/openStore.js'
import { discoverPools } from './discoverPools.js'
import { parseMinLiquidity } from './parseMinLiquidity.js'
import { readUniverse } from './readUniverse.js'
import { staticCalls } from './staticCalls.js'
import { universeManifest } from './universeManifest.js'

let anvil: Anvil
let rpc: RpcClient
let manifest: Manifest
let store: Store

beforeAll(async () => {
  anvil = await startAnvil()
  manifest = await deployDevnet(anvil)
  rpc = createRpcClient(anvil.rpcUrl)
  store = await openStore({ path: ':memory:' })
}, 120_000)
afterAll(async () => {
  await store?.close()
  await anvil?.stop()
})

const head = async () => BigInt(await rpc.request<Hex>('eth_blockNumber'))

describe('discoverPools on the devnet', () => {
  it('finds every factory pool with balances and token metadata, then resumes after the last block read', async () => {
    const to = await head()
    const first = await discoverPools({ rpc, store, manifest, from: 0n, to, window: 7n })
    expect(first.chainId).toBe(manifest.chainId)
    // The manifest's pools, plus the screening cases' pairs (not in the manifest, found all the same).
    const cases = Object.values(manifest.screeningCases!)
    expect(first.newPools).toBe(manifest.pools.length + cases.length)
    expect(first.byVenue).toEqual({
      'uniswap-v2': { pools: 9 + cases.length, liquid: 9 + cases.length },
      sushiswap: { pools: 9, liquid: 9 },
      'uniswap-v3': { pools: 7, liquid: 7 },
      'uniswap-v4': { pools: 4, liquid: 4 },
      // Four two-token weighted pools and the three-token one, registered with all its tokens.
      'balancer-v2': { pools: 5, liquid: 5 },
    })
    expect(first.newTokens).toBe(Object.keys(manifest.tokens).length + cases.length)

    const rows = await store.query<{ pool_id: string; venue: string; fee: number; token0: string; token1: string; balance0: bigint }>(
      'SELECT pool_id, venue, fee, token0, token1, balance0 FROM pools ORDER BY pool_id',
    )
    // A pool's id is its address, or its 32-byte id for V4 and Balancer.
    const idOf = (p: Manifest['pools'][number]) => (p.id ?? p.address) as string
    const expected = [...manifest.pools].sort((a, b) => (idOf(a) < idOf(b) ? -1 : 1))
    const listed = new Set(manifest.pools.map(idOf))
    expect(rows.filter((r) => listed.has(r.pool_id)).map((r) => [r.pool_id, r.venue, r.fee, r.token0, r.token1])).toEqual(
      expected.map((p) => [idOf(p), p.venue, p.fee, p.token0, p.token1]),
    )
    expect(rows.filter((r) => !listed.has(r.pool_id)).map((r) => r.pool_id).sort()).toEqual(cases.map((c) => c.pair).sort())
    expect(rows.every((r) => r.balance0 > 0n)).toBe(true)
    const tokens = await store.query<{ symbol: string; decimals: number; address: string }>('SELECT symbol, decimals, address FROM tokens ORDER BY symbol')
    expect(tokens.map((t) => [t.symbol, t.address, t.decimals])).toEqual(
      Object.entries({ ...manifest.tokens, ...manifest.screeningCases })
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([s, t]) => [s, t.address, t.decimals]),
    )

    // A new, empty SushiSwap pair: the next call reads only the blocks after the cursor and finds it, illiquid.
    const { DAI, LTA } = manifest.tokens
    const data = encodeFunctionData({ abi: uniswapV2FactoryAbi, functionName: 'createPair', args: [DAI!.address, LTA!.address] })
    const hash = await rpc.request<Hex>('eth_sendTransaction', [{ from: DEVNET_DEPLOYER, to: manifest.venues.sushiswap.factory, data, gas: '0x4c4b40' }])
    expect((await waitForReceipt(rpc, hash)).status).toBe('0x1')
    const to2 = await head()
    const second = await discoverPools({ rpc, store, manifest, from: 0n, to: to2 })
    expect(second.scanned.every((s) => s.from === to + 1n && s.to === to2)).toBe(true)
    expect(second.newPools).toBe(1)
    expect(second.byVenue.sushiswap).toEqual({ pools: 10, liquid: 9 })

    const universe = await readUniverse(store, manifest.chainId)
    // Unscreened tokens are not excluded: only the new pair, which is empty.
    expect(universe.tradable).toHaveLength(manifest.pools.length + cases.length)
    expect(universe.excluded.map((e) => e.reason)).toEqual(['illiquid'])

    // Nothing new: no block read, same pools.
    const third = await discoverPools({ rpc, store, manifest, from: 0n, to: to2 })
    expect(third.newPools).toBe(0)
    expect(third.scanned.every((s) => s.from === null)).toBe(true)
    expect(third.pools).toBe(manifest.pools.length + cases.length + 1)
  }, 120_000)

  it('marks liquidity against per-token floors and writes a manifest of the tradable pools', async () => {
    const to = await head()
    const floors = parseMinLiquidity(['WETH=1000000000000000000000'], manifest) // 1,000 WETH
    const s = await discoverPools({ rpc, store, manifest, from: 0n, to, minLiquidity: floors })
    const universe = await readUniverse(store, manifest.chainId)
    const weth = manifest.tokens.WETH!.address
    expect(s.liquidPools).toBe(universe.tradable.length)
    expect(universe.tradable.length).toBeGreaterThan(0)
    for (const p of universe.tradable) expect(p.tokens).toContain(weth)
    for (const { pool } of universe.excluded.filter((e) => e.reason === 'illiquid')) {
      const i = pool.tokens.indexOf(weth)
      expect(i < 0 || pool.balances![i]! < 1000n * 10n ** 18n).toBe(true)
    }
    const m = parseManifest(universeManifest(manifest, universe))
    expect(m.pools.map((p) => p.address).sort()).toEqual(universe.tradable.map((p) => p.address).sort())
    // Without floors the three-token weighted pool is tradable, and its manifest entry lists every token as the devnet's does.
    const full = parseManifest(universeManifest(manifest, await discoverPools({ rpc, store, manifest, from: 0n, to }).then(() => readUniverse(store, manifest.chainId))))
    const triple = manifest.pools.find((p) => p.tokens?.length === 3)!
    expect(full.pools.find((p) => p.address === triple.address)).toEqual(triple)
    // Back to everything liquid for later tests.
    await discoverPools({ rpc, store, manifest, from: 0n, to })
  }, 120_000)

  it('refuses bad floors and ranges with errors naming the argument', async () => {
    expect(() => parseMinLiquidity(['WETH=1e18'], manifest)).toThrow(ConfigError)
    expect(() => parseMinLiquidity(['NOPE=1'], manifest)).toThrow(/--min-liquidity/)
    await expect(discoverPools({ rpc, store, manifest, from: 5n, to: 4n })).rejects.toThrow(/--to/)
    await expect(discoverPools({ rpc, store, manifest: { ...manifest, chainId: 1 }, from: 0n, to: 1n })).rejects.toThrow(/--manifest/)
  })

  it('staticCalls reports each failing read without failing the others', async () => {
    const weth = manifest.tokens.WETH!.address
    const decimals = '0x313ce567' as Hex
    const nobody = '0x000000000000000000000000000000000000dead' as Address
    const results = await staticCalls(rpc, [
      { to: weth, data: decimals },
      { to: nobody, data: decimals },
      { to: weth, data: '0xdeadbeef' },
    ], { block: 'latest' })
    expect(results[0]).toEqual({ ok: true, data: `0x${'12'.padStart(64, '0')}` })
    expect(results[1]).toEqual({ ok: false, data: '0x' })
    expect(results[2]!.ok).toBe(false)
  })
})
