import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Abi, Address } from 'viem'
import { uniswapV2PairAbi } from '../abi/uniswapV2Pair.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { deployDevnet } from './deployDevnet.js'
import type { Manifest } from './manifest.js'

let anvil: Anvil
beforeAll(async () => {
  anvil = await startAnvil()
})
afterAll(async () => {
  await anvil?.stop()
})

/** Every address of a manifest, in a stable order. */
const addressesOf = (m: Manifest) => ({
  tokens: m.tokens,
  venues: m.venues,
  aave: m.aave,
  executor: m.executor,
  pools: m.pools,
})
const reserves = async (pair: Address) =>
  // reserve0, reserve1 (not the last block's timestamp, which follows the wall clock)
  ((await anvil.publicClient.readContract({ address: pair, abi: uniswapV2PairAbi as Abi, functionName: 'getReserves' })) as readonly bigint[]).slice(0, 2)

describe('deployDevnet determinism', () => {
  it('the same seed on a fresh node gives the same manifest; another seed moves prices, not addresses', async () => {
    const first = await deployDevnet(anvil, { seed: 42 })
    const firstPair = first.pools.find((p) => p.venue === 'uniswap-v2')!.address
    const firstReserves = await reserves(firstPair)

    await anvil.reset() // back to genesis: deployer nonce 0 again
    const again = await deployDevnet(anvil, { seed: 42 })
    // Automine may pack transactions that arrive while a block is sealed into one block, so the height the
    // deployment ends at can differ by a block or two; everything at an address is identical.
    expect({ ...again, createdAt: 0 }).toEqual({ ...first, createdAt: 0 })
    expect(await reserves(firstPair)).toEqual(firstReserves)

    await anvil.reset()
    const other = await deployDevnet(anvil, { seed: 7 })
    expect(addressesOf(other)).toEqual(addressesOf(first))
    expect(other.note).not.toBe(first.note)
    expect(await reserves(firstPair)).not.toEqual(firstReserves)
  })
})
