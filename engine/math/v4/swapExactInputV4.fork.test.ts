import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeErrorResult, encodeFunctionData, type Hex } from 'viem'
import { arbExecutorAbi } from '../../abi/arbExecutor.js'
import { createRpcClient, RpcResponseError, type RpcClient } from '../../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../../chain/startAnvil.js'
import { createSeededRandom } from '../../devnet/createSeededRandom.js'
import { deployDevnet } from '../../devnet/deployDevnet.js'
import type { Manifest } from '../../devnet/manifest.js'
import { encodeRoute } from '../../executors/encodeRoute.js'
import { createMarketReader } from '../../market/createMarketReader.js'
import type { MarketState, Pool, Route, V4Pool } from '../../market/types.js'
import { quoteRoute } from '../quoteRoute.js'
import { randomAmount } from '../testing/randomAmount.js'
import { swapExactInputV4 } from './swapExactInputV4.js'

let anvil: Anvil
let rpc: RpcClient
let m: Manifest
let state: MarketState

beforeAll(async () => {
  anvil = await startAnvil()
  m = await deployDevnet(anvil, { seed: 9 })
  rpc = createRpcClient(anvil.rpcUrl)
  const head = await rpc.request<{ number: Hex; timestamp: Hex; baseFeePerGas: Hex }>('eth_getBlockByNumber', ['latest', false])
  state = await createMarketReader({ rpc, manifest: m }).read({ number: BigInt(head.number), timestamp: BigInt(head.timestamp), baseFee: BigInt(head.baseFeePerGas) })
}, 120_000)
afterAll(async () => {
  await anvil?.stop()
})

/** What the devnet's ArbExecutor gets back from `route` (an eth_call; a loss reverts Unprofitable, which says it). */
async function executorOutput(route: Route, amountIn: bigint): Promise<bigint> {
  const data = encodeFunctionData({ abi: arbExecutorAbi, functionName: 'execute', args: [encodeRoute(route), amountIn, 0n] })
  try {
    return BigInt(await rpc.request<Hex>('eth_call', [{ from: m.deployer, to: m.executor, data }, 'latest'])) + amountIn
  } catch (error) {
    if (!(error instanceof RpcResponseError) || typeof error.data !== 'string') throw error
    const decoded = decodeErrorResult({ abi: arbExecutorAbi, data: error.data as Hex })
    if (decoded.errorName !== 'Unprofitable') throw new Error(`${decoded.errorName}(${String(decoded.args)})`)
    const [before, after] = decoded.args as readonly [bigint, bigint, bigint]
    return after - before + amountIn
  }
}

const other = (p: Pool, t: string) => (p.token0 === t ? p.token1 : p.token0)

describe('Uniswap V4 swap math against the PoolManager on the devnet', () => {
  it('reads every V4 pool with its initialized ticks (a full-range and a narrow position each)', () => {
    const pools = state.pools.filter((p): p is V4Pool => p.kind === 'v4')
    expect(pools).toHaveLength(4)
    for (const p of pools) {
      expect(p.ticks).toHaveLength(4)
      expect(p.ticks.reduce((s, t) => s + t.liquidityNet, 0n)).toBe(0n)
      expect(p.ticks.filter((t) => t.index <= p.tick).reduce((s, t) => s + t.liquidityNet, 0n)).toBe(p.liquidity)
    }
  })

  it('the executor gets exactly the quoted output through V4 pools, both directions, fuzzed sizes crossing ticks', async () => {
    const weth = m.tokens.WETH!.address
    const rng = createSeededRandom(23)
    let cases = 0
    let crossed = 0
    for (const v4 of state.pools.filter((p): p is V4Pool => p.kind === 'v4' && (p.token0 === weth || p.token1 === weth))) {
      const token = other(v4, weth)
      const v2 = state.pools.find((p) => p.kind === 'v2' && p.venue === 'uniswap-v2' && other(p, weth) === token && (p.token0 === weth || p.token1 === weth))
      if (!v2) continue
      for (const v4First of [true, false]) {
        const [a, b] = v4First ? [v4, v2] : [v2, v4]
        const route: Route = {
          startToken: weth,
          hops: [
            { pool: a, tokenIn: weth, tokenOut: token, zeroForOne: a.token0 === weth },
            { pool: b, tokenIn: token, tokenOut: weth, zeroForOne: b.token0 === token },
          ],
        }
        for (let i = 0; i < 6; i++) {
          const amountIn = 10n ** 13n + randomAmount(rng, 300n * 10n ** 18n)
          if (v4First && swapExactInputV4(v4, v4.token0 === weth, amountIn).ticksCrossed > 0) crossed++
          expect(await executorOutput(route, amountIn), `${v4.address} ${v4First ? 'v4 first' : 'v4 second'} ${amountIn}`).toBe(quoteRoute(route, amountIn))
          cases++
        }
      }
    }
    expect(cases).toBeGreaterThanOrEqual(24)
    expect(crossed).toBeGreaterThan(0)
  }, 120_000)
})
