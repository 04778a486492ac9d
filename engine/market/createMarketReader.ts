import { decodeFunctionResult, encodeFunctionData, toEventSelector, type Hex } from 'viem'
import { uniswapV3PoolAbi } from '../abi/uniswapV3Pool.js'
import type { RpcClient, RpcRequest } from '../chain/createRpcClient.js'
import type { Manifest } from '../devnet/manifest.js'
import { manifestTransferTaxes } from '../devnet/manifestTransferTaxes.js'
import { BaseError } from '../errors/BaseError.js'
import { createBalancerReader } from './createBalancerReader.js'
import { createLenderReader } from './createLenderReader.js'
import { createV4Reader } from './createV4Reader.js'
import { decodePoolStateLens } from './decodePoolStateLens.js'
import { encodePoolStateLens } from './encodePoolStateLens.js'
import { lensCall } from './lensCall.js'
import { lensNoCodeAddress } from './lensNoCodeAddress.js'
import { loadArtifact } from '../devnet/loadArtifact.js'
import { readInitializedTicks } from './readInitializedTicks.js'
import { sameState } from './sameState.js'
import type { Address, MarketState, Pool, Token, V2Pool, V3Pool, V3Tick } from './types.js'

export type MarketReader = {
  /**
   * The tracked pools at the end of `blockNumber`, read in one JSON-RPC batch (a deployless PoolStateLens call
   * for every pool's reserves or slot0 and liquidity, and the Mint/Burn logs since the previous read); a V3
   * pool's initialized ticks are re-read (TickBitmapLens) only when its liquidity map changed, so consecutive
   * blocks cost one round trip.
   */
  read(block: { number: bigint; timestamp: bigint; baseFee: bigint }): Promise<MarketState>
}

const MINT = toEventSelector('Mint(address,address,int24,int24,uint128,uint256,uint256)')
const BURN = toEventSelector('Burn(address,int24,int24,uint128,uint256,uint256)')

const hex = (n: bigint) => `0x${n.toString(16)}` as Hex

const TICK_SPACING = encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'tickSpacing' })

/**
 * Reads market state for the pools of a manifest straight from a JSON-RPC node at any block (an archive, a
 * scenario Anvil), without starting a fork.
 *
 * @example
 * const reader = createMarketReader({ rpc: createRpcClient(source.rpcUrl), manifest })
 * const state = await reader.read({ number: 100n, timestamp, baseFee })
 */
export function createMarketReader(options: { rpc: RpcClient; manifest: Manifest; v2FeeBps?: Record<string, number> }): MarketReader {
  const { rpc, manifest } = options
  const tokens = new Map<Address, Token>(
    Object.entries(manifest.tokens).map(([symbol, t]) => [t.address.toLowerCase() as Address, { address: t.address.toLowerCase() as Address, symbol, decimals: t.decimals }]),
  )
  const v2 = manifest.pools.filter((p) => p.venue === 'uniswap-v2' || p.venue === 'sushiswap')
  const v3 = manifest.pools.filter((p) => p.venue === 'uniswap-v3')
  const balancer = createBalancerReader(
    manifest.pools.filter((p) => p.venue === 'balancer-v2'),
    manifest.venues['balancer-v2']?.vault,
    (t) => tokens.get(t)?.decimals,
  )
  const v4 = createV4Reader(manifest.pools.filter((p) => p.venue === 'uniswap-v4'))
  const lenders = createLenderReader(manifest)
  const lower = (a: string) => a.toLowerCase() as Address
  const feeBpsOf = (venue: string) => options.v2FeeBps?.[venue] ?? (manifest.venues as Record<string, { feeBps?: number }>)[venue]?.feeBps ?? 30
  const transferTaxOf = manifestTransferTaxes(manifest)

  // Encoded once per reader: the pool list never changes, so every block sends the same lens call data.
  const stateCalls = encodePoolStateLens(loadArtifact('PoolStateLens').bytecode, v2.map((p) => lower(p.address)), v3.map((p) => lower(p.address)))
  const tickLens = loadArtifact('TickBitmapLens').bytecode

  let tickSpacings: number[] | undefined
  const ticksByPool = new Map<Address, V3Tick[]>()
  let lastBlock: bigint | undefined
  const previous = new Map<string, Pool>()

  const noCode = (address: string, block: bigint, cause?: unknown) => {
    const p = manifest.pools.find((x) => lower(x.address) === lower(address))
    return new BaseError(`Pool ${p?.address ?? address} (${p?.venue ?? 'not in the manifest'}) has no code at block ${block}`, cause === undefined ? {} : { cause })
  }
  /** Runs a batch of lens calls, turning a lens's NoCode(pool) revert into the error that names the pool. */
  async function lensBatch<T extends unknown[]>(run: () => Promise<T>, block: bigint): Promise<T> {
    try {
      return await run()
    } catch (e) {
      const pool = lensNoCodeAddress(e)
      throw pool ? noCode(pool, block, e) : e
    }
  }

  return {
    async read(block) {
      const tag = hex(block.number)
      if (!tickSpacings) {
        const raw = await rpc.batch<Hex[]>(v3.map((p) => ({ method: 'eth_call', params: [{ to: lower(p.address), data: TICK_SPACING }, tag] })))
        tickSpacings = raw.map((r, j) => {
          if (!r || r === '0x') throw noCode(v3[j]!.address, block.number)
          return Number(decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'tickSpacing', data: r }))
        })
      }
      await balancer.init(rpc, tag)
      await lenders.init(rpc, tag)
      const spacings = tickSpacings
      // Which V3 pools changed their liquidity map since the last read: only contiguous reads can trust logs.
      const contiguous = lastBlock !== undefined && block.number > lastBlock
      const requests: RpcRequest[] = stateCalls.map((data) => lensCall(data, tag))
      const balancerRequests = balancer.requests(tag)
      requests.push(...balancerRequests)
      const v4Requests = v4.requests(tag, contiguous ? lastBlock! + 1n : undefined)
      requests.push(...v4Requests)
      const lenderRequests = lenders.requests(tag)
      requests.push(...lenderRequests)
      if (contiguous && v3.length > 0) {
        requests.push({
          method: 'eth_getLogs',
          params: [{ address: v3.map((p) => lower(p.address)), topics: [[MINT, BURN]], fromBlock: hex(lastBlock! + 1n), toBlock: tag }],
        })
      }
      const results = await lensBatch(() => rpc.batch<unknown[]>(requests), block.number)
      const changed = new Set<Address>()
      if (contiguous && v3.length > 0) {
        for (const log of results[results.length - 1] as { address: string }[]) changed.add(lower(log.address))
      }
      const { reserves, slots } = decodePoolStateLens(results.slice(0, stateCalls.length) as Hex[], v2.length, v3.length)
      const balancerPools = balancer.decode(results.slice(stateCalls.length, stateCalls.length + balancerRequests.length) as Hex[])
      const v4Start = stateCalls.length + balancerRequests.length
      const v4Pools = await v4.decode(rpc, results.slice(v4Start, v4Start + v4Requests.length), tag)
      const lenderStart = v4Start + v4Requests.length
      const flashLenders = lenders.decode(results.slice(lenderStart, lenderStart + lenderRequests.length) as Hex[])

      const stale = v3.flatMap((p, j) => {
        const address = lower(p.address)
        return !ticksByPool.has(address) || !contiguous || changed.has(address) ? [{ address, tickSpacing: spacings[j]! }] : []
      })
      if (stale.length > 0) {
        const lists = await lensBatch(() => readInitializedTicks(rpc, tickLens, stale, tag), block.number)
        stale.forEach((s, i) => ticksByPool.set(s.address, lists[i]!))
      }

      const pools: Pool[] = []
      v2.forEach((p, i) => {
        const { reserve0, reserve1 } = reserves[i]!
        const pool: V2Pool = { kind: 'v2', address: lower(p.address), venue: p.venue, token0: lower(p.token0), token1: lower(p.token1), reserve0, reserve1, feeBps: feeBpsOf(p.venue), ...transferTaxOf(p) }
        pools.push(pool)
      })
      v3.forEach((p, j) => {
        const address = lower(p.address)
        const pool: V3Pool = {
          kind: 'v3',
          address,
          venue: p.venue,
          token0: lower(p.token0),
          token1: lower(p.token1),
          fee: p.fee,
          tickSpacing: spacings[j]!,
          sqrtPriceX96: slots[j]!.sqrtPriceX96,
          tick: slots[j]!.tick,
          liquidity: slots[j]!.liquidity,
          ticks: ticksByPool.get(address)!,
        }
        pools.push(pool)
      })
      pools.push(...balancerPools, ...v4Pools)
      // A pool whose state did not change keeps its object, so per-pool work keyed on it (spot rates) is reused.
      for (let i = 0; i < pools.length; i++) {
        const before = previous.get(pools[i]!.address)
        if (before && sameState(before, pools[i]!)) pools[i] = before
        else previous.set(pools[i]!.address, pools[i]!)
      }
      lastBlock = block.number
      return { blockNumber: block.number, timestamp: block.timestamp, baseFee: block.baseFee, tokens, pools, lenders: flashLenders }
    },
  }
}
