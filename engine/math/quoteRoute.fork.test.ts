import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeErrorResult, decodeFunctionResult, encodeFunctionData, erc20Abi, type Hex } from 'viem'
import { arbExecutorAbi } from '../abi/arbExecutor.js'
import { createRpcClient, RpcResponseError, type RpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { createSeededRandom, type SeededRandom } from '../devnet/createSeededRandom.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest } from '../devnet/manifest.js'
import { encodeRoute } from '../executors/encodeRoute.js'
import { createMarketReader } from '../market/createMarketReader.js'
import type { Address, MarketState, Pool, Route } from '../market/types.js'
import { quoteRoute } from './quoteRoute.js'
import { addNarrowPositions } from './testing/addNarrowPositions.js'
import { routeThrough } from './testing/fixtures.js'
import { fundDeployer } from './testing/fundDeployer.js'
import { randomAmount } from './testing/randomAmount.js'
import { sendTransaction } from './testing/sendTransaction.js'
import { swapExactInputV3 } from './testing/swapExactInputV3.js'
import { swapV2Pair } from './testing/swapV2Pair.js'
import { getAmountOut } from './v2/getAmountOut.js'
import { quoteExactInput } from './v3/quoteExactInput.js'

/**
 * quoteRoute over the MarketReader's state equals what the real ArbExecutor gets executing the same encoded
 * route (eth_call of `execute(route, amountIn, 0)` by the owner): `profit = out - in` when it succeeds, and
 * `balanceAfter - balanceBefore` of its `Unprofitable` error when it loses. Random 2- and 3-hop cycles over
 * distinct V2 and V3 pools, seeded amounts from 1 base unit to 4x the first pool's reserve.
 */

let anvil: Anvil
let m: Manifest
let rpc: RpcClient
const figures = { cases2: 0, cases3: 0, profitable: 0, unprofitable: 0, revertsExpected: 0, partialFills: 0, v3Hops: 0, v2Hops: 0 }

async function latestState(): Promise<MarketState> {
  const b = await anvil.request<{ number: Hex; timestamp: Hex; baseFeePerGas: Hex }>('eth_getBlockByNumber', ['latest', false])
  return createMarketReader({ rpc, manifest: m }).read({ number: BigInt(b.number), timestamp: BigInt(b.timestamp), baseFee: BigInt(b.baseFeePerGas) })
}

/** A random cycle of `hops` distinct pools from a random token back to it, or undefined when the draw dead-ends. */
function randomCycle(rng: SeededRandom, pools: Pool[], hops: 2 | 3): Route | undefined {
  const pick = <T>(xs: T[]) => (xs.length === 0 ? undefined : xs[rng.int(0, xs.length - 1)])
  const other = (p: Pool, t: Address) => (p.token0 === t ? p.token1 : p.token0)
  const has = (p: Pool, t: Address) => p.token0 === t || p.token1 === t
  // Half the draws start on a V3 pool: there are fewer of them than V2 pairs.
  const first = pick(rng.int(0, 1) === 0 ? pools.filter((p) => p.kind === 'v3') : pools)!
  const start = rng.int(0, 1) === 0 ? first.token0 : first.token1
  const b = other(first, start)
  if (hops === 2) {
    const back = pick(pools.filter((p) => p !== first && has(p, b) && other(p, b) === start))
    return back && routeThrough(start, [first, back])
  }
  const second = pick(pools.filter((p) => p !== first && has(p, b) && other(p, b) !== start))
  if (!second) return undefined
  const c = other(second, b)
  const third = pick(pools.filter((p) => p !== first && p !== second && has(p, c) && other(p, c) === start))
  return third && routeThrough(start, [first, second, third])
}

/** Whether the executor must revert before settling: a V2 hop paying 0, a V3 hop given 0, or a V3 partial fill. */
function expectedRevert(route: Route, amountIn: bigint): string | undefined {
  let amount = amountIn
  for (const hop of route.hops) {
    const pool = hop.pool
    if (pool.kind === 'v2') {
      const [rIn, rOut] = hop.zeroForOne ? [pool.reserve0, pool.reserve1] : [pool.reserve1, pool.reserve0]
      amount = amount === 0n ? 0n : getAmountOut(amount, rIn, rOut, pool.feeBps)
      if (amount === 0n) return 'UniswapV2: INSUFFICIENT_OUTPUT_AMOUNT'
    } else {
      if (amount === 0n) return 'AS'
      const quote = quoteExactInput(pool, hop.zeroForOne, amount)
      if (quote.amountInUsed < amount) return 'PartialFill'
      amount = quote.amountOut
    }
  }
  return undefined
}

async function execute(route: Route, amountIn: bigint, block: bigint): Promise<{ ok: true; profit: bigint } | { ok: false; data: Hex; message: string }> {
  const data = encodeFunctionData({ abi: arbExecutorAbi, functionName: 'execute', args: [encodeRoute(route), amountIn, 0n] })
  try {
    const raw = await rpc.request<Hex>('eth_call', [{ from: m.deployer, to: m.executor, data, gas: '0x1c9c380' }, `0x${block.toString(16)}`])
    return { ok: true, profit: decodeFunctionResult({ abi: arbExecutorAbi, functionName: 'execute', data: raw }) }
  } catch (e) {
    if (!(e instanceof RpcResponseError)) throw e
    return { ok: false, data: (typeof e.data === 'string' ? e.data : '0x') as Hex, message: e.message }
  }
}

async function fuzz(state: MarketState, seed: number, hops: 2 | 3, cases: number) {
  const rng = createSeededRandom(seed)
  for (let i = 0; i < cases; i++) {
    let route: Route | undefined
    while (!route) route = randomCycle(rng, state.pools, hops)
    const first = route.hops[0]!
    const pool = first.pool
    const depth = pool.kind === 'v2' ? (first.zeroForOne ? pool.reserve0 : pool.reserve1) : pool.liquidity
    const amountIn = randomAmount(rng, depth * 4n)
    const out = quoteRoute(route, amountIn)
    const revert = expectedRevert(route, amountIn)
    const where = `${hops}-hop case ${i}: ${route.hops.map((h) => `${h.pool.kind}:${h.pool.address}:${h.zeroForOne}`).join(' > ')} amountIn=${amountIn} quote=${out}`
    const result = await execute(route, amountIn, state.blockNumber)
    if (revert) {
      expect(result.ok, `${where}: should revert (${revert})`).toBe(false)
      if (!result.ok && revert === 'PartialFill') expect(decodeErrorResult({ abi: arbExecutorAbi, data: result.data }).errorName, where).toBe('PartialFill')
      figures.revertsExpected++
      if (revert === 'PartialFill') figures.partialFills++
    } else if (result.ok) {
      expect(out - amountIn, where).toBe(result.profit)
      figures.profitable++
    } else {
      const error = decodeErrorResult({ abi: arbExecutorAbi, data: result.data })
      expect(error.errorName, `${where}: ${result.message}`).toBe('Unprofitable')
      const [before, after] = error.args as readonly [bigint, bigint, bigint]
      expect(out - amountIn, where).toBe(after - before)
      expect(out < amountIn, where).toBe(true)
      figures.unprofitable++
    }
    figures[hops === 2 ? 'cases2' : 'cases3']++
    for (const h of route.hops) figures[h.pool.kind === 'v3' ? 'v3Hops' : 'v2Hops']++
  }
}

beforeAll(async () => {
  anvil = await startAnvil()
  m = await deployDevnet(anvil, { seed: 31 })
  rpc = createRpcClient(anvil.rpcUrl)
  await fundDeployer(anvil, m, 10n ** 32n, [m.venues['uniswap-v3'].router])
  // The executor trades its own balance: give it plenty of every token.
  for (const token of Object.values(m.tokens)) {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [m.executor!, 10n ** 31n] })
    await sendTransaction(anvil, { label: 'fund executor', from: m.deployer!, to: token.address, data })
  }
  // Narrow V3 positions (so hops cross initialized ticks) and price moves (so some cycles are profitable).
  const v3 = m.pools.filter((p) => p.venue === 'uniswap-v3')
  for (const p of v3) await addNarrowPositions(anvil, m, p)
  await swapExactInputV3(anvil, m, v3[0]!, true, 3n * 10n ** 20n)
  await swapExactInputV3(anvil, m, v3[4]!, false, 10n ** 11n)
  const v2 = m.pools.filter((p) => p.venue !== 'uniswap-v3')
  for (const [i, p] of v2.entries()) if (i % 3 === 0) await swapV2Pair(anvil, m, p, i % 2 === 0, 400n)
})
afterAll(async () => {
  console.log(JSON.stringify({ event: 'quoteRoute.fork', ...figures }))
  await anvil?.stop()
})

describe('quoteRoute against the ArbExecutor', () => {
  it('2-hop cycles', async () => {
    await fuzz(await latestState(), 41, 2, 100)
  })

  it('3-hop cycles', async () => {
    await fuzz(await latestState(), 42, 3, 100)
    expect(figures.profitable).toBeGreaterThan(0)
    expect(figures.unprofitable).toBeGreaterThan(0)
    expect(figures.v3Hops).toBeGreaterThan(0)
  })
})
