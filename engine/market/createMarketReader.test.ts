import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeFunctionResult, encodeFunctionData, maxUint256, parseAbi, type Abi, type Hex } from 'viem'
import { nonfungiblePositionManagerAbi } from '../abi/nonfungiblePositionManager.js'
import { uniswapV2PairAbi } from '../abi/uniswapV2Pair.js'
import { uniswapV3PoolAbi } from '../abi/uniswapV3Pool.js'
import { createRpcClient, type RpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest, ManifestPool } from '../devnet/manifest.js'
import { addNarrowPositions } from '../math/testing/addNarrowPositions.js'
import { fundDeployer } from '../math/testing/fundDeployer.js'
import { mintV3Position } from '../math/testing/mintV3Position.js'
import { scanInitializedTicks } from '../math/testing/scanInitializedTicks.js'
import { sendTransaction } from '../math/testing/sendTransaction.js'
import { swapExactInputV3 } from '../math/testing/swapExactInputV3.js'
import { swapV2Pair } from '../math/testing/swapV2Pair.js'
import { createMarketReader } from './createMarketReader.js'
import type { BalancerWeightedPool, MarketState, V2Pool, V3Pool } from './types.js'

const balancerVaultAbi = parseAbi(['function getPoolTokens(bytes32) view returns (address[], uint256[], uint256)'])

let anvil: Anvil
let m: Manifest
let rpc: RpcClient

const v3Pools = () => m.pools.filter((p) => p.venue === 'uniswap-v3')
const v2Pools = () => m.pools.filter((p) => p.venue === 'uniswap-v2' || p.venue === 'sushiswap')
const balancerPools = () => m.pools.filter((p) => p.venue === 'balancer-v2')

async function ethCall<T>(to: string, abi: Abi, functionName: string, args: readonly unknown[], block: bigint): Promise<T> {
  const data = encodeFunctionData({ abi, functionName, args } as never)
  const raw = await anvil.request<Hex>('eth_call', [{ to, data }, `0x${block.toString(16)}`])
  return decodeFunctionResult({ abi, functionName, data: raw } as never) as T
}

async function blockAt(tag: bigint | 'latest') {
  const b = await anvil.request<{ number: Hex; timestamp: Hex; baseFeePerGas: Hex }>('eth_getBlockByNumber', [
    tag === 'latest' ? tag : `0x${tag.toString(16)}`,
    false,
  ])
  return { number: BigInt(b.number), timestamp: BigInt(b.timestamp), baseFee: BigInt(b.baseFeePerGas) }
}

const v3Of = (state: MarketState, address: string) => state.pools.find((p) => p.address === address) as V3Pool

/** Every pool of `state` equals the chain at its block: getReserves, slot0, liquidity and a brute-force tick scan. */
async function expectMatchesChain(state: MarketState) {
  const block = state.blockNumber
  // A Balancer pool of N tokens is N·(N−1)/2 pools of the state, one per token pair.
  expect(state.pools).toHaveLength(m.pools.reduce((n, p) => n + ((p.tokens?.length ?? 2) * ((p.tokens?.length ?? 2) - 1)) / 2, 0))
  for (const p of v2Pools()) {
    const pool = state.pools.find((x) => x.address === p.address) as V2Pool
    const [reserve0, reserve1] = await ethCall<[bigint, bigint, number]>(p.address, uniswapV2PairAbi as Abi, 'getReserves', [], block)
    expect({ kind: pool.kind, reserve0: pool.reserve0, reserve1: pool.reserve1, token0: pool.token0, token1: pool.token1 }).toEqual({
      kind: 'v2',
      reserve0,
      reserve1,
      token0: p.token0,
      token1: p.token1,
    })
  }
  for (const p of balancerPools()) {
    const [tokens, balances] = await ethCall<[string[], bigint[], bigint]>(m.venues['balancer-v2']!.vault, balancerVaultAbi, 'getPoolTokens', [p.id], block)
    const pairs = state.pools.filter((x): x is BalancerWeightedPool => x.kind === 'balancer' && x.address === p.address)
    expect(pairs).toHaveLength((tokens.length * (tokens.length - 1)) / 2)
    for (const pool of pairs) {
      const [i, j] = pool.tokenIndices ?? [0, 1]
      expect({ poolId: pool.poolId, token0: pool.token0, token1: pool.token1, balance0: pool.balance0, balance1: pool.balance1 }).toEqual({
        poolId: p.id,
        token0: tokens[i]!.toLowerCase(),
        token1: tokens[j]!.toLowerCase(),
        balance0: balances[i],
        balance1: balances[j],
      })
    }
  }
  for (const p of v3Pools()) {
    const pool = v3Of(state, p.address)
    const slot0 = await ethCall<readonly [bigint, number]>(p.address, uniswapV3PoolAbi as Abi, 'slot0', [], block)
    const liquidity = await ethCall<bigint>(p.address, uniswapV3PoolAbi as Abi, 'liquidity', [], block)
    expect({ sqrtPriceX96: pool.sqrtPriceX96, tick: pool.tick, liquidity: pool.liquidity }, p.address).toEqual({
      sqrtPriceX96: slot0[0],
      tick: slot0[1],
      liquidity,
    })
    expect(pool.ticks, `ticks of ${p.address} at ${block}`).toEqual(await scanInitializedTicks(rpc, p.address, block))
    // The in-range liquidity is the sum of liquidityNet at or below the current tick; the whole map sums to 0.
    const sum = (ticks: V3Pool['ticks']) => ticks.reduce((s, t) => s + t.liquidityNet, 0n)
    expect(sum(pool.ticks.filter((t) => t.index <= pool.tick))).toBe(pool.liquidity)
    expect(sum(pool.ticks)).toBe(0n)
  }
}

const swapV3 = (pool: ManifestPool, zeroForOne: boolean, amountIn: bigint) => swapExactInputV3(anvil, m, pool, zeroForOne, amountIn)

beforeAll(async () => {
  anvil = await startAnvil()
  m = await deployDevnet(anvil, { seed: 3 })
  rpc = createRpcClient(anvil.rpcUrl)
  await fundDeployer(anvil, m, 10n ** 30n, [m.venues['uniswap-v3'].router])
  for (const p of v3Pools()) await addNarrowPositions(anvil, m, p)
  // Move prices: a swap each way on some V3 pools (crossing some of the new ticks) and on some V2 pairs.
  const [a, b, c] = v3Pools()
  await swapV3(a!, true, 10n ** 18n)
  await swapV3(b!, false, 10n ** 12n)
  await swapV3(c!, true, 5n * 10n ** 18n)
  await swapV2Pair(anvil, m, v2Pools()[0]!, true)
  await swapV2Pair(anvil, m, v2Pools()[3]!, false)
})
afterAll(async () => {
  await anvil?.stop()
})

describe('createMarketReader', () => {
  it('reads reserves, slot0, liquidity and exactly the initialized ticks (brute-force bitmap scan)', async () => {
    const reader = createMarketReader({ rpc, manifest: m })
    const block = await blockAt('latest')
    const state = await reader.read(block)
    expect(state.blockNumber).toBe(block.number)
    expect(state.timestamp).toBe(block.timestamp)
    expect([...state.tokens.values()].map((t) => t.symbol).sort()).toEqual(Object.keys(m.tokens).sort())
    await expectMatchesChain(state)
    // The setup is what the test claims: many initialized ticks, spread over several bitmap words.
    for (const p of v3Pools()) {
      const pool = v3Of(state, p.address)
      const words = new Set(pool.ticks.map((t) => Math.floor(t.index / pool.tickSpacing / 256)))
      expect(pool.ticks.length, p.address).toBeGreaterThanOrEqual(20)
      expect(words.size, p.address).toBeGreaterThanOrEqual(4)
    }
  })

  it('re-reads the ticks of a pool only after its Mint/Burn logs, and reuses them otherwise', async () => {
    const reader = createMarketReader({ rpc, manifest: m })
    const first = await reader.read(await blockAt('latest'))
    const [target, other] = [v3Pools()[1]!, v3Pools()[4]!]
    const before = v3Of(first, target.address)

    // Mint a new range (not one addNarrowPositions used), then a block with only a swap elsewhere.
    const c = Math.floor(before.tick / before.tickSpacing)
    const range = { tickLower: (c + 17) * before.tickSpacing, tickUpper: (c + 19) * before.tickSpacing }
    expect(before.ticks.map((t) => t.index)).not.toContain(range.tickLower)
    await mintV3Position(anvil, m, target, range, 10n ** 24n, 10n ** 24n)
    await swapV3(other, true, 10n ** 5n)
    const second = await reader.read(await blockAt('latest'))
    expect(second.blockNumber).toBe(first.blockNumber + 2n)
    await expectMatchesChain(second)
    const after = v3Of(second, target.address)
    expect(after.ticks.map((t) => t.index)).toEqual(expect.arrayContaining([range.tickLower, range.tickUpper]))
    expect(after.ticks).toHaveLength(before.ticks.length + 2)
    for (const p of v3Pools()) {
      if (p.address === target.address) continue
      // Same array object: not re-read (the swap on `other` changed its slot0, not its ticks).
      expect(v3Of(second, p.address).ticks, p.address).toBe(v3Of(first, p.address).ticks)
    }
    expect(v3Of(second, other.address).sqrtPriceX96).not.toBe(v3Of(first, other.address).sqrtPriceX96)

    // An empty block: every tick list is reused.
    await anvil.request('evm_mine')
    const third = await reader.read(await blockAt('latest'))
    for (const p of v3Pools()) expect(v3Of(third, p.address).ticks).toBe(v3Of(second, p.address).ticks)
    await expectMatchesChain(third)

    // Burning the whole position uninitializes its ticks: the Burn log triggers a re-read.
    const npm = m.venues['uniswap-v3'].positionManager!
    const tokenId = await ethCall<bigint>(npm, nonfungiblePositionManagerAbi as Abi, 'totalSupply', [], third.blockNumber)
    const position = await ethCall<readonly unknown[]>(npm, nonfungiblePositionManagerAbi as Abi, 'positions', [tokenId], third.blockNumber)
    expect([position[5], position[6]]).toEqual([range.tickLower, range.tickUpper])
    const decrease = encodeFunctionData({
      abi: nonfungiblePositionManagerAbi,
      functionName: 'decreaseLiquidity',
      args: [{ tokenId, liquidity: position[7] as bigint, amount0Min: 0n, amount1Min: 0n, deadline: maxUint256 }],
    })
    await sendTransaction(anvil, { label: 'burn', from: m.deployer!, to: npm, data: decrease })
    await anvil.request('evm_mine')
    const fourth = await reader.read(await blockAt('latest'))
    expect(v3Of(fourth, target.address).ticks).toEqual(before.ticks)
    await expectMatchesChain(fourth)

    // Reading an older block (not contiguous) gives that block's state, ticks included; then forward again.
    const old = await reader.read(await blockAt(first.blockNumber))
    expect(v3Of(old, target.address).ticks).toEqual(before.ticks)
    expect(v3Of(old, other.address).sqrtPriceX96).toBe(v3Of(first, other.address).sqrtPriceX96)
    await expectMatchesChain(old)
    const mid = await reader.read(await blockAt(second.blockNumber))
    expect(v3Of(mid, target.address).ticks).toEqual(after.ticks)
    await expectMatchesChain(mid)
  })

  it('a fresh reader at an old block equals a brute-force scan at that block', async () => {
    const start = BigInt(m.createdAt!)
    const state = await createMarketReader({ rpc, manifest: m }).read(await blockAt(start))
    await expectMatchesChain(state)
    // Before addNarrowPositions: the devnet's own two positions per pool (four ticks).
    for (const p of v3Pools()) expect(v3Of(state, p.address).ticks, p.address).toHaveLength(4)
  })

  it('names a pool without code and the block, whichever read finds it', async () => {
    const block = await blockAt('latest')
    const nobody = '0x000000000000000000000000000000000000dead' as const
    for (const venue of ['sushiswap', 'uniswap-v3'] as const) {
      const i = m.pools.findIndex((p) => p.venue === venue)
      const pools = m.pools.map((p, k) => (k === i ? { ...p, address: nobody } : p))
      await expect(createMarketReader({ rpc, manifest: { ...m, pools } }).read(block)).rejects.toThrow(
        `Pool ${nobody} (${venue}) has no code at block ${block.number}`,
      )
    }
    // A reader that already knows its pools, asked for a block before they were deployed (the lens's NoCode).
    expect(m.createdAt!).toBeGreaterThan(2)
    const early = await blockAt(1n)
    for (const pools of [v2Pools(), v3Pools()]) {
      const reader = createMarketReader({ rpc, manifest: { ...m, pools } })
      await reader.read(block)
      await expect(reader.read(early)).rejects.toThrow(`Pool ${pools[0]!.address} (${pools[0]!.venue}) has no code at block 1`)
    }
  })

  it('names a Balancer pool whose manifest entry lists other tokens than the Vault', async () => {
    const block = await blockAt('latest')
    const triple = balancerPools().find((p) => p.tokens)!
    const { tokens: _all, ...asPair } = triple
    await expect(createMarketReader({ rpc, manifest: { ...m, pools: [asPair] } }).read(block)).rejects.toThrow(
      `Balancer pool ${triple.address} (${triple.id}): 3 weights, but the manifest lists 2 tokens`,
    )
    const swapped = { ...triple, tokens: [triple.tokens![0]!, triple.tokens![1]!, m.tokens.WBTC!.address] }
    await expect(createMarketReader({ rpc, manifest: { ...m, pools: [swapped] } }).read(block)).rejects.toThrow(/the Vault lists tokens .*, the manifest /)
  })
})
