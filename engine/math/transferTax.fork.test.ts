import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeErrorResult, encodeFunctionData, erc20Abi, type Hex } from 'viem'
import { arbExecutorAbi } from '../abi/arbExecutor.js'
import { uniswapV2FactoryAbi } from '../abi/uniswapV2Factory.js'
import { uniswapV2PairAbi } from '../abi/uniswapV2Pair.js'
import { createRpcClient, RpcResponseError, type RpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { createSeededRandom } from '../devnet/createSeededRandom.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest } from '../devnet/manifest.js'
import { encodeRoute } from '../executors/encodeRoute.js'
import { createMarketReader } from '../market/createMarketReader.js'
import { detect } from '../pipeline/detect.js'
import type { Address, Route, V2Pool } from '../market/types.js'
import { screenToken } from '../screening/screenToken.js'
import { quoteRoute } from './quoteRoute.js'
import { optimalInputV2V2 } from './sizing/optimalInputV2V2.js'
import { routeThrough } from './testing/fixtures.js'
import { fundDeployer } from './testing/fundDeployer.js'
import { randomAmount } from './testing/randomAmount.js'
import { sendTransaction } from './testing/sendTransaction.js'

/**
 * The devnet's fee-on-transfer token (TAX, 5% burned per transfer), routed with the tax screening measured:
 * WETH -> TAX on its Uniswap V2 pair, TAX -> WETH on a SushiSwap pair the test adds at a higher TAX price. The
 * engine's quote (each TAX transfer taxed once, the second pair swapping from its balance) must be what the
 * devnet's ArbExecutor gets, to the base unit, for fuzzed sizes.
 */

let anvil: Anvil
let rpc: RpcClient
let m: Manifest
let taxBps: number
let route: Route
let sushiPair: Address

async function readPair(address: Address, venue: string): Promise<V2Pool> {
  const call = async (functionName: 'token0' | 'token1' | 'getReserves') =>
    rpc.request<Hex>('eth_call', [{ to: address, data: encodeFunctionData({ abi: uniswapV2PairAbi, functionName }) }, 'latest'])
  const token0 = `0x${(await call('token0')).slice(26)}` as Address
  const token1 = `0x${(await call('token1')).slice(26)}` as Address
  const r = await call('getReserves')
  const tax = m.screeningCases!.TAX!.address
  return {
    kind: 'v2',
    address,
    venue,
    token0,
    token1,
    reserve0: BigInt(r.slice(0, 66)),
    reserve1: BigInt(`0x${r.slice(66, 130)}`),
    feeBps: 30,
    transferTaxBps: [token0 === tax ? taxBps : 0, token1 === tax ? taxBps : 0],
  }
}

/** What the devnet's ArbExecutor gets back from `route` (an eth_call; a loss reverts Unprofitable, which says it). */
async function executorOutput(amountIn: bigint): Promise<bigint> {
  const data = encodeFunctionData({ abi: arbExecutorAbi, functionName: 'execute', args: [encodeRoute(route), amountIn, 0n] })
  try {
    return BigInt(await rpc.request<Hex>('eth_call', [{ from: m.deployer, to: m.executor, data, gas: '0x1c9c380' }, 'latest'])) + amountIn
  } catch (error) {
    if (!(error instanceof RpcResponseError) || typeof error.data !== 'string') throw error
    const decoded = decodeErrorResult({ abi: arbExecutorAbi, data: error.data as Hex })
    if (decoded.errorName !== 'Unprofitable') throw new Error(`${decoded.errorName}(${String(decoded.args)})`)
    const [before, after] = decoded.args as readonly [bigint, bigint, bigint]
    return after - before + amountIn
  }
}

beforeAll(async () => {
  anvil = await startAnvil()
  m = await deployDevnet(anvil, { seed: 3 })
  rpc = createRpcClient(anvil.rpcUrl)
  const tax = m.screeningCases!.TAX!
  const verdict = await screenToken(rpc, { token: tax.address, holder: tax.pair })
  if (verdict.status !== 'flagged' || verdict.reason !== 'fee-on-transfer' || verdict.taxBps === undefined) throw new Error(`TAX screened as ${JSON.stringify(verdict)}`)
  taxBps = verdict.taxBps

  // A second TAX/WETH pair, on SushiSwap, where TAX is about 40% dearer (the deployer kept TAX from the devnet).
  const me = m.deployer!
  await fundDeployer(anvil, m, 1_000n * 10n ** 18n)
  const weth = m.tokens.WETH!.address
  const factory = m.venues.sushiswap.factory
  await sendTransaction(anvil, { label: 'createPair', from: me, to: factory, data: encodeFunctionData({ abi: uniswapV2FactoryAbi, functionName: 'createPair', args: [tax.address, weth] }) })
  const pair = `0x${(await rpc.request<Hex>('eth_call', [{ to: factory, data: encodeFunctionData({ abi: uniswapV2FactoryAbi, functionName: 'getPair', args: [tax.address, weth] }) }, 'latest'])).slice(26)}` as Address
  const transfer = (amount: bigint) => encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pair, amount] })
  await sendTransaction(anvil, { label: 'TAX to pair', from: me, to: tax.address, data: transfer(150_000n * 10n ** 18n) })
  await sendTransaction(anvil, { label: 'WETH to pair', from: me, to: weth, data: transfer(70n * 10n ** 18n) })
  await sendTransaction(anvil, { label: 'mint', from: me, to: pair, data: encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'mint', args: [me] }) })

  sushiPair = pair
  route = routeThrough(weth, [await readPair(tax.pair, 'uniswap-v2'), await readPair(pair, 'sushiswap')])
}, 180_000)
afterAll(async () => {
  await anvil?.stop()
})

describe('a fee-on-transfer token routed with its measured tax', () => {
  it('screening measures the devnet TAX token’s 5% tax', () => {
    expect(taxBps).toBe(500)
  })

  it('the executor gets exactly the quoted output, fuzzed sizes from 1 wei to 50 WETH, profitable or not', async () => {
    const rng = createSeededRandom(17)
    let profitable = 0
    for (let i = 0; i < 40; i++) {
      const amountIn = randomAmount(rng, 50n * 10n ** 18n)
      const quoted = quoteRoute(route, amountIn)
      expect(await executorOutput(amountIn), `amountIn ${amountIn}`).toBe(quoted)
      if (quoted > amountIn) profitable++
    }
    expect(profitable).toBeGreaterThan(5)
  })

  it('sizes the route on exact taxed quotes, and the sized trade realizes its predicted profit on chain', async () => {
    const sized = optimalInputV2V2(route)!
    expect(sized.profit).toBeGreaterThan(0n)
    expect(sized.profit).toBe(quoteRoute(route, sized.amountIn) - sized.amountIn)
    // Sent, not called: the executor's WETH balance grows by the quoted profit to the wei.
    const weth = m.tokens.WETH!.address
    const balance = async () => BigInt(await rpc.request<Hex>('eth_call', [{ to: weth, data: encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [m.executor!] }) }, 'latest']))
    const before = await balance()
    const data = encodeFunctionData({ abi: arbExecutorAbi, functionName: 'execute', args: [encodeRoute(route), sized.amountIn, sized.profit] })
    const snapshot = await anvil.snapshot()
    try {
      await sendTransaction(anvil, { label: 'execute', from: m.deployer!, to: m.executor!, data })
      expect((await balance()) - before).toBe(sized.profit)
    } finally {
      await anvil.revert(snapshot)
    }
    // Without the tax the engine would have promised more than the chain pays.
    const untaxed: Route = { ...route, hops: route.hops.map((h) => ({ ...h, pool: { ...(h.pool as V2Pool), transferTaxBps: undefined } })) }
    expect(quoteRoute(untaxed, sized.amountIn)).toBeGreaterThan(quoteRoute(route, sized.amountIn))
  })

  it('the spatial strategy finds the taxed cycle in a manifest listing TAX with its tax, sized so the chain pays what it expects', async () => {
    const tax = m.screeningCases!.TAX!
    const manifest: Manifest = {
      ...m,
      tokens: { ...m.tokens, TAX: { address: tax.address, decimals: 18, transferTaxBps: taxBps } },
      pools: [
        ...m.pools,
        { address: tax.pair, venue: 'uniswap-v2', fee: 3000, ...sorted(tax.address, m.tokens.WETH!.address) },
        { address: sushiPair, venue: 'sushiswap', fee: 3000, ...sorted(tax.address, m.tokens.WETH!.address) },
      ],
    }
    const head = await rpc.request<{ number: Hex; timestamp: Hex; baseFeePerGas: Hex }>('eth_getBlockByNumber', ['latest', false])
    const state = await createMarketReader({ rpc, manifest }).read({ number: BigInt(head.number), timestamp: BigInt(head.timestamp), baseFee: BigInt(head.baseFeePerGas) })
    // WETH as the start token: a cycle that starts in a taxed token is not routable (quoted 0).
    const found = detect(state, [{ name: 'spatial', config: { minProfit: 1n, startTokens: [m.tokens.WETH!.address] } }], performance.now(), Number.POSITIVE_INFINITY)
    const taxed = found.map((d) => d.opportunity).filter((o) => o.route.hops.some((h) => h.tokenOut === tax.address))
    expect(taxed.length).toBeGreaterThan(0)
    for (const o of taxed) {
      const data = encodeFunctionData({ abi: arbExecutorAbi, functionName: 'execute', args: [encodeRoute(o.route), o.amountIn, 0n] })
      const profit = BigInt(await rpc.request<Hex>('eth_call', [{ from: m.deployer, to: m.executor, data, gas: '0x1c9c380' }, 'latest']))
      expect(profit, o.kind).toBe(o.expectedProfit)
    }
  })
})

function sorted(a: Address, b: Address): { token0: Address; token1: Address } {
  return a < b ? { token0: a, token1: b } : { token0: b, token1: a }
}
