import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFunctionData, erc20Abi, type Address, type Hex } from 'viem'
import { uniswapV2PairAbi } from '../../abi/uniswapV2Pair.js'
import { createRpcClient } from '../../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../../chain/startAnvil.js'
import { createSeededRandom } from '../../devnet/createSeededRandom.js'
import { deployDevnet } from '../../devnet/deployDevnet.js'
import type { Manifest } from '../../devnet/manifest.js'
import { createMarketReader } from '../../market/createMarketReader.js'
import type { MarketState, V2Pool } from '../../market/types.js'
import { fundDeployer } from '../testing/fundDeployer.js'
import { randomAmount } from '../testing/randomAmount.js'
import { sendTransaction } from '../testing/sendTransaction.js'
import { swapV2Pair } from '../testing/swapV2Pair.js'
import { getAmountOut } from './getAmountOut.js'

/**
 * getAmountOut over the MarketReader's reserves is the largest output the real pair accepts: on a snapshot,
 * pay amountIn to the pair, then `swap(out)` succeeds and `swap(out + 1)` reverts with 'UniswapV2: K'
 * (eth_call), seeded fuzzed amounts from 1 base unit to 1000x the reserve, every pair, both directions.
 */

let anvil: Anvil
let m: Manifest
const figures = { cases: 0, zeroOut: 0, amountInAboveReserve: 0 }

async function latestState(): Promise<MarketState> {
  const b = await anvil.request<{ number: Hex; timestamp: Hex; baseFeePerGas: Hex }>('eth_getBlockByNumber', ['latest', false])
  return createMarketReader({ rpc: createRpcClient(anvil.rpcUrl), manifest: m }).read({ number: BigInt(b.number), timestamp: BigInt(b.timestamp), baseFee: BigInt(b.baseFeePerGas) })
}

async function trySwap(pair: Address, zeroForOne: boolean, out: bigint): Promise<string> {
  const data = encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'swap', args: zeroForOne ? [0n, out, m.deployer!, '0x'] : [out, 0n, m.deployer!, '0x'] })
  try {
    await anvil.request('eth_call', [{ from: m.deployer, to: pair, data, gas: '0x989680' }, 'latest'])
    return 'ok'
  } catch (e) {
    return (e as Error).message
  }
}

async function fuzz(state: MarketState, seed: number, cases: number) {
  const rng = createSeededRandom(seed)
  const pairs = state.pools.filter((p): p is V2Pool => p.kind === 'v2')
  for (let i = 0; i < cases; i++) {
    const pool = pairs[i % pairs.length]!
    const zeroForOne = rng.int(0, 1) === 1
    const [tokenIn, reserveIn, reserveOut] = zeroForOne ? [pool.token0, pool.reserve0, pool.reserve1] : [pool.token1, pool.reserve1, pool.reserve0]
    const amountIn = randomAmount(rng, reserveIn * 1000n)
    const out = getAmountOut(amountIn, reserveIn, reserveOut, pool.feeBps)
    const where = `case ${i}: pair ${pool.address} zeroForOne=${zeroForOne} amountIn=${amountIn} out=${out}`

    const snapshot = await anvil.snapshot()
    const transfer = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pool.address, amountIn] })
    await sendTransaction(anvil, { label: where, from: m.deployer!, to: tokenIn, data: transfer })
    if (out > 0n) expect(await trySwap(pool.address, zeroForOne, out), where).toBe('ok')
    else figures.zeroOut++
    expect(await trySwap(pool.address, zeroForOne, out + 1n), where).toContain('UniswapV2: K')
    await anvil.revert(snapshot)
    figures.cases++
    if (amountIn > reserveIn) figures.amountInAboveReserve++
  }
}

beforeAll(async () => {
  anvil = await startAnvil()
  m = await deployDevnet(anvil, { seed: 21 })
  await fundDeployer(anvil, m, 10n ** 32n)
})
afterAll(async () => {
  console.log(JSON.stringify({ event: 'getAmountOut.fork', ...figures }))
  await anvil?.stop()
})

describe('getAmountOut against the devnet V2 pairs', () => {
  it('devnet reserves', async () => {
    await fuzz(await latestState(), 7, 108)
  })

  it('after price-moving swaps on every pair', async () => {
    const v2 = m.pools.filter((p) => p.venue !== 'uniswap-v3')
    for (const [i, p] of v2.entries()) await swapV2Pair(anvil, m, p, i % 2 === 0, BigInt(100 + 300 * (i % 5)))
    await fuzz(await latestState(), 8, 108)
    expect(figures.zeroOut).toBeGreaterThan(0)
    expect(figures.amountInAboveReserve).toBeGreaterThan(0)
  })
})
