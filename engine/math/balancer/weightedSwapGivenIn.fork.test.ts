import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BaseError as ViemBaseError, decodeErrorResult, decodeFunctionResult, encodeFunctionData, parseAbi, zeroAddress, type Hex } from 'viem'
import { arbExecutorAbi } from '../../abi/arbExecutor.js'
import { createRpcClient, RpcResponseError, type RpcClient } from '../../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../../chain/startAnvil.js'
import { createSeededRandom } from '../../devnet/createSeededRandom.js'
import { deployDevnet } from '../../devnet/deployDevnet.js'
import type { Manifest } from '../../devnet/manifest.js'
import { encodeRoute } from '../../executors/encodeRoute.js'
import { createMarketReader } from '../../market/createMarketReader.js'
import type { BalancerWeightedPool, MarketState, Route, V2Pool } from '../../market/types.js'
import { MathRevertError } from '../MathRevertError.js'
import { quoteRoute } from '../quoteRoute.js'
import { randomAmount } from '../testing/randomAmount.js'
import { weightedSide } from './quoteBalancerHop.js'
import { weightedSwapGivenIn } from './weightedSwapGivenIn.js'

const vaultAbi = parseAbi([
  'struct BatchSwapStep { bytes32 poolId; uint256 assetInIndex; uint256 assetOutIndex; uint256 amount; bytes userData; }',
  'struct FundManagement { address sender; bool fromInternalBalance; address recipient; bool toInternalBalance; }',
  'function queryBatchSwap(uint8 kind, BatchSwapStep[] swaps, address[] assets, FundManagement funds) returns (int256[])',
])

let anvil: Anvil
let rpc: RpcClient
let m: Manifest
let state: MarketState

beforeAll(async () => {
  anvil = await startAnvil()
  m = await deployDevnet(anvil, { seed: 5 })
  rpc = createRpcClient(anvil.rpcUrl)
  const head = await rpc.request<{ number: Hex; timestamp: Hex; baseFeePerGas: Hex }>('eth_getBlockByNumber', ['latest', false])
  state = await createMarketReader({ rpc, manifest: m }).read({ number: BigInt(head.number), timestamp: BigInt(head.timestamp), baseFee: BigInt(head.baseFeePerGas) })
}, 120_000)
afterAll(async () => {
  await anvil?.stop()
})

/** The Vault's own answer: GIVEN_IN output of one swap, or the BAL# code it reverts with. */
async function queryVault(pool: BalancerWeightedPool, zeroForOne: boolean, amount: bigint): Promise<bigint | string> {
  const [tokenIn, tokenOut] = zeroForOne ? [pool.token0, pool.token1] : [pool.token1, pool.token0]
  const data = encodeFunctionData({
    abi: vaultAbi,
    functionName: 'queryBatchSwap',
    args: [0, [{ poolId: pool.poolId, assetInIndex: 0n, assetOutIndex: 1n, amount, userData: '0x' }], [tokenIn, tokenOut], { sender: zeroAddress, fromInternalBalance: false, recipient: zeroAddress, toInternalBalance: false }],
  })
  try {
    const raw = await rpc.request<Hex>('eth_call', [{ to: pool.vault, data }, 'latest'])
    const deltas = decodeFunctionResult({ abi: vaultAbi, functionName: 'queryBatchSwap', data: raw })
    return -deltas[1]!
  } catch (error) {
    if (error instanceof RpcResponseError) return /BAL#\d+/.exec(error.message)?.[0] ?? error.message
    throw error
  }
}

describe('Balancer V2 weighted math against the Vault on the devnet', () => {
  it('equals queryBatchSwap to the base unit for fuzzed inputs, every ordered token pair of every pool (50/50, 80/20, 60/40, and 40/30/30 of three tokens)', async () => {
    const pools = state.pools.filter((p): p is BalancerWeightedPool => p.kind === 'balancer')
    // Four two-token pools, and the three-token pool as its three pairs: six ordered pairs in all.
    expect(pools.length).toBe(7)
    const triple = m.pools.find((p) => p.tokens?.length === 3)!
    const pairs = pools.filter((p) => p.address === triple.address)
    expect(pairs.map((p) => [p.tokenIndices, p.tokenCount, p.token0, p.token1])).toEqual([
      [[0, 1], 3, triple.tokens![0], triple.tokens![1]],
      [[0, 2], 3, triple.tokens![0], triple.tokens![2]],
      [[1, 2], 3, triple.tokens![1], triple.tokens![2]],
    ])
    expect(new Set(pairs.map((p) => p.weight0 + p.weight1))).toEqual(new Set([7n * 10n ** 17n, 6n * 10n ** 17n]))
    expect(pools.filter((p) => p.address !== triple.address).every((p) => p.tokenIndices === undefined)).toBe(true)
    const rng = createSeededRandom(17)
    let compared = 0
    let refused = 0
    for (const pool of pools) {
      for (const zeroForOne of [true, false]) {
        const balanceIn = zeroForOne ? pool.balance0 : pool.balance1
        // Fuzzed amounts up to 35% of the balance, and two beyond 30% (the fee comes off first), which the pool
        // refuses (BAL#304): the port must say so too.
        const amounts = [...Array.from({ length: 12 }, () => randomAmount(rng, (balanceIn * 35n) / 100n)), (balanceIn * 31n) / 100n, (balanceIn * 34n) / 100n]
        for (const amount of amounts) {
          const vault = await queryVault(pool, zeroForOne, amount)
          let ours: bigint | string
          try {
            ours = weightedSwapGivenIn(amount, weightedSide(pool, zeroForOne))
          } catch (error) {
            if (!(error instanceof MathRevertError)) throw error
            ours = error.reason.slice(0, 7)
          }
          expect(ours, `${pool.address} ${zeroForOne ? '0->1' : '1->0'} ${amount}`).toEqual(vault)
          if (typeof vault === 'bigint') compared++
          else refused++
        }
      }
    }
    expect(compared).toBeGreaterThan(100)
    expect(refused).toBeGreaterThan(0)
  }, 120_000)

  it('ArbExecutor swaps through the Vault for exactly the quoted amount (a V2 -> Balancer cycle)', async () => {
    const weth = m.tokens.WETH!.address
    const usdc = m.tokens.USDC!.address
    const v2 = state.pools.find((p): p is V2Pool => p.kind === 'v2' && p.venue === 'uniswap-v2' && [p.token0, p.token1].includes(weth) && [p.token0, p.token1].includes(usdc))!
    const bal = state.pools.find((p): p is BalancerWeightedPool => p.kind === 'balancer' && [p.token0, p.token1].includes(weth) && [p.token0, p.token1].includes(usdc))!
    for (const amountIn of [10n ** 15n, 3n * 10n ** 18n, 40n * 10n ** 18n]) {
      const route: Route = {
        startToken: weth,
        hops: [
          { pool: v2, tokenIn: weth, tokenOut: usdc, zeroForOne: v2.token0 === weth },
          { pool: bal, tokenIn: usdc, tokenOut: weth, zeroForOne: bal.token0 === usdc },
        ],
      }
      const expected = quoteRoute(route, amountIn)
      // No arbitrage on a fresh devnet: the call reverts Unprofitable(before, after, 0), which says what came back.
      const data = encodeFunctionData({ abi: arbExecutorAbi, functionName: 'execute', args: [encodeRoute(route), amountIn, 0n] })
      const outcome = await rpc.request<Hex>('eth_call', [{ from: m.deployer, to: m.executor, data }, 'latest']).then(
        (raw) => ({ profit: BigInt(raw) }),
        (error: unknown) => {
          if (!(error instanceof RpcResponseError) || typeof error.data !== 'string') throw error
          const decoded = decodeErrorResult({ abi: arbExecutorAbi, data: error.data as Hex })
          if (decoded.errorName !== 'Unprofitable') throw new ViemBaseError(`unexpected ${decoded.errorName}`)
          const [before, after] = decoded.args as readonly [bigint, bigint, bigint]
          return { profit: after - before }
        },
      )
      expect(outcome.profit, `amountIn ${amountIn}`).toBe(expected - amountIn)
    }
  }, 60_000)
})
