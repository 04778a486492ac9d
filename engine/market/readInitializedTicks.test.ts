import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeFunctionResult, encodeFunctionData, type Hex } from 'viem'
import { nonfungiblePositionManagerAbi } from '../abi/nonfungiblePositionManager.js'
import { uniswapV3PoolAbi } from '../abi/uniswapV3Pool.js'
import { createRpcClient, type RpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import { encodeV3Mint } from '../devnet/encodeV3Mint.js'
import type { Manifest } from '../devnet/manifest.js'
import { fundDeployer } from '../math/testing/fundDeployer.js'
import { scanInitializedTicks } from '../math/testing/scanInitializedTicks.js'
import { sendTransaction } from '../math/testing/sendTransaction.js'
import { loadArtifact } from '../devnet/loadArtifact.js'
import { readInitializedTicks } from './readInitializedTicks.js'

let anvil: Anvil
let m: Manifest
let rpc: RpcClient

beforeAll(async () => {
  anvil = await startAnvil()
  m = await deployDevnet(anvil, { seed: 5 })
  rpc = createRpcClient(anvil.rpcUrl)
  await fundDeployer(anvil, m, 10n ** 30n)
})
afterAll(async () => {
  await anvil?.stop()
})

async function v3Pool(index: number) {
  const pool = m.pools.filter((p) => p.venue === 'uniswap-v3')[index]!
  const call = (functionName: 'slot0' | 'tickSpacing') =>
    anvil.request<Hex>('eth_call', [{ to: pool.address, data: encodeFunctionData({ abi: uniswapV3PoolAbi, functionName }) }, 'latest'])
  const [, tick] = decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'slot0', data: await call('slot0') })
  const tickSpacing = decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'tickSpacing', data: await call('tickSpacing') })
  return { pool, tick, tickSpacing: Number(tickSpacing) }
}

describe('readInitializedTicks', () => {
  it('equals a brute-force bitmap scan for every pool, in one batch when no call stops early', async () => {
    const pools = m.pools.filter((p) => p.venue === 'uniswap-v3')
    const spacings = await Promise.all(pools.map((_, i) => v3Pool(i).then((p) => p.tickSpacing)))
    const block = BigInt(await anvil.request<Hex>('eth_blockNumber'))
    const batches: number[] = []
    const counting: RpcClient = { ...rpc, batch: (requests) => (batches.push(requests.length), rpc.batch(requests)) }
    const lists = await readInitializedTicks(
      counting,
      loadArtifact('TickBitmapLens').bytecode,
      pools.map((p, i) => ({ address: p.address, tickSpacing: spacings[i]! })),
      `0x${block.toString(16)}`,
    )
    expect(batches).toHaveLength(1)
    for (const [i, p] of pools.entries()) expect(lists[i], p.address).toEqual(await scanInitializedTicks(rpc, p.address, block))
  })

  it('continues a call that stopped at its output cap (767 ticks) from the first word it did not read', async () => {
    const { pool, tick, tickSpacing } = await v3Pool(0)
    // 800 consecutive initialized ticks above the price (400 one-spacing ranges): more than one call returns.
    const start = Math.floor(tick / tickSpacing) + 1000
    // Fifty mints per transaction (the position manager's multicall), to keep each under the block gas limit.
    for (let batch = 0; batch < 8; batch++) {
      const mints = Array.from({ length: 50 }, (_, k) => {
        const i = batch * 50 + k
        return encodeV3Mint(pool, { tickLower: (start + 2 * i) * tickSpacing, tickUpper: (start + 2 * i + 1) * tickSpacing }, 10n ** 18n, 10n ** 18n, m.deployer!)
      })
      const data = encodeFunctionData({ abi: nonfungiblePositionManagerAbi, functionName: 'multicall', args: [mints] })
      await sendTransaction(anvil, { label: `mint batch ${batch}`, from: m.deployer!, to: m.venues['uniswap-v3'].positionManager!, data, gas: 29_000_000n })
    }
    const block = BigInt(await anvil.request<Hex>('eth_blockNumber'))
    const batches: number[] = []
    const counting: RpcClient = { ...rpc, batch: (requests) => (batches.push(requests.length), rpc.batch(requests)) }
    const [ticks] = await readInitializedTicks(counting, loadArtifact('TickBitmapLens').bytecode, [{ address: pool.address, tickSpacing }], `0x${block.toString(16)}`)
    expect(batches.length).toBeGreaterThanOrEqual(2)
    expect(ticks!.length).toBeGreaterThanOrEqual(800)
    expect(ticks).toEqual(await scanInitializedTicks(rpc, pool.address, block))
  })
})
