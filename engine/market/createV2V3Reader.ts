import { decodeFunctionResult, encodeFunctionData, toEventSelector, type Hex } from 'viem'
import { uniswapV3PoolAbi } from '../abi/uniswapV3Pool.js'
import type { RpcRequest } from '../chain/createRpcClient.js'
import type { ManifestPool } from '../devnet/manifest.js'
import { loadArtifact } from '../devnet/loadArtifact.js'
import { BaseError } from '../errors/BaseError.js'
import { decodePoolStateLens, type V2Reserves, type V3Slot } from './decodePoolStateLens.js'
import { encodePoolStateLens } from './encodePoolStateLens.js'
import { lensCall } from './lensCall.js'
import type { MarketPartReader } from './MarketPartReader.js'
import { poolNoCodeError } from './poolNoCodeError.js'
import { readInitializedTicks, tickLensRequests } from './readInitializedTicks.js'
import type { Address, V2Pool, V3Pool, V3Tick } from './types.js'

const MINT = toEventSelector('Mint(address,address,int24,int24,uint128,uint256,uint256)')
const BURN = toEventSelector('Burn(address,int24,int24,uint128,uint256,uint256)')
const TICK_SPACING = encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'tickSpacing' })
const hex = (n: bigint) => `0x${n.toString(16)}` as Hex
const lower = (a: string) => a.toLowerCase() as Address

/** One block's V2/V3 reads: reserves, slots, and the initialized ticks of the V3 pools re-read at this block. */
export type V2V3Fetch = { block: bigint; reserves: V2Reserves[]; slots: V3Slot[]; ticks: ReadonlyMap<Address, V3Tick[]> }

/**
 * The V2 pairs' reserves and the V3 pools' slot0 and liquidity in one deployless PoolStateLens call per block,
 * and each V3 pool's initialized ticks (TickBitmapLens): all of them on a block read afresh, else only those of
 * the pools with Mint/Burn logs since the previous block; the others carry over in `apply`. A V2 pair of a token with a
 * measured constant transfer tax carries it (`transferTaxOf`, from the manifest).
 *
 * @example
 * const lens = createV2V3Reader(v2Pools, v3Pools, (venue) => 30)
 */
export function createV2V3Reader(
  v2: readonly ManifestPool[],
  v3: readonly ManifestPool[],
  feeBpsOf: (venue: string) => number,
  transferTaxOf: (pool: { token0: string; token1: string }) => { transferTaxBps?: readonly [number, number] } = () => ({}),
): MarketPartReader<V2V3Fetch, V2Pool | V3Pool> {
  // Encoded once per reader: the pool list never changes, so every block sends the same lens call data.
  const stateCalls = encodePoolStateLens(loadArtifact('PoolStateLens').bytecode, v2.map((p) => lower(p.address)), v3.map((p) => lower(p.address)))
  const tickLens = loadArtifact('TickBitmapLens').bytecode
  const addresses = v3.map((p) => lower(p.address))
  let spacings: number[] | undefined
  const ticksByPool = new Map<Address, V3Tick[]>()
  const logsWanted = (since: bigint | undefined) => since !== undefined && v3.length > 0
  const allPools = () => addresses.map((address, j) => ({ address, tickSpacing: spacings![j]! }))

  return {
    async init(rpc, tag) {
      if (spacings || v3.length === 0) return
      const raw = await rpc.batch<Hex[]>(v3.map((p) => ({ method: 'eth_call', params: [{ to: lower(p.address), data: TICK_SPACING }, tag] })))
      spacings = raw.map((r, j) => {
        if (!r || r === '0x') throw poolNoCodeError(v3, v3[j]!.address, BigInt(tag))
        return Number(decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'tickSpacing', data: r }))
      })
    },
    requests(tag, since) {
      const requests: RpcRequest[] = stateCalls.map((data) => lensCall(data, tag))
      if (logsWanted(since)) requests.push({ method: 'eth_getLogs', params: [{ address: addresses, topics: [[MINT, BURN]], fromBlock: hex(since! + 1n), toBlock: tag }] })
      // Read afresh, every pool's ticks are needed whatever the lens says: their first round joins the block's batch.
      else if (since === undefined && v3.length > 0) requests.push(...tickLensRequests(tickLens, allPools(), tag))
      return requests
    },
    async fetch(rpc, answers, tag, since) {
      const { reserves, slots } = decodePoolStateLens(answers.slice(0, stateCalls.length) as Hex[], v2.length, v3.length)
      const changed = new Set<Address>()
      if (logsWanted(since)) for (const log of answers[stateCalls.length] as { address: string }[]) changed.add(lower(log.address))
      const stale = since === undefined ? allPools() : addresses.flatMap((address, j) => (changed.has(address) ? [{ address, tickSpacing: spacings![j]! }] : []))
      const ticks = new Map<Address, V3Tick[]>()
      if (stale.length > 0) {
        const first = since === undefined ? (answers.slice(stateCalls.length) as Hex[]) : undefined
        const lists = await readInitializedTicks(rpc, tickLens, stale, tag, first)
        stale.forEach((s, i) => ticks.set(s.address, lists[i]!))
      }
      return { block: BigInt(tag), reserves, slots, ticks }
    },
    apply({ block, reserves, slots, ticks }) {
      for (const [address, list] of ticks) ticksByPool.set(address, list)
      const v2Pools = v2.map((p, i): V2Pool => {
        const { reserve0, reserve1 } = reserves[i]!
        return { kind: 'v2', address: lower(p.address), venue: p.venue, token0: lower(p.token0), token1: lower(p.token1), reserve0, reserve1, feeBps: feeBpsOf(p.venue), ...transferTaxOf(p) }
      })
      const v3Pools = v3.map((p, j): V3Pool => {
        const address = addresses[j]!
        const list = ticksByPool.get(address)
        if (!list) throw new BaseError(`No ticks read for pool ${p.address} before block ${block}`, { details: 'the first block of a run is fetched without `since`' })
        const { sqrtPriceX96, tick, liquidity } = slots[j]!
        return { kind: 'v3', address, venue: p.venue, token0: lower(p.token0), token1: lower(p.token1), fee: p.fee, tickSpacing: spacings![j]!, sqrtPriceX96, tick, liquidity, ticks: list }
      })
      return [...v2Pools, ...v3Pools]
    },
  }
}
