import { decodeFunctionResult, encodeFunctionData, parseAbi, toEventSelector, type Hex } from 'viem'
import type { RpcRequest } from '../chain/createRpcClient.js'
import type { ManifestPool } from '../devnet/manifest.js'
import { BaseError } from '../errors/BaseError.js'
import { decodeV4Slot0, V4_LIQUIDITY_OFFSET, v4StateSlot } from '../universe/v4StateSlot.js'
import type { MarketPartReader } from './MarketPartReader.js'
import { readV4Ticks } from './readV4Ticks.js'
import type { Address, V3Tick, V4Pool } from './types.js'

const abi = parseAbi(['function extsload(bytes32[] slots) view returns (bytes32[])'])
const MODIFY_LIQUIDITY = toEventSelector('ModifyLiquidity(bytes32,address,int24,int24,int256,bytes32)')
const word = (n: bigint) => `0x${n.toString(16).padStart(64, '0')}` as Hex

/** One block's V4 reads: every pool's state but its ticks, and the ticks re-read at this block by PoolId. */
export type V4Fetch = { block: bigint; pools: Omit<V4Pool, 'ticks'>[]; ticks: ReadonlyMap<string, V3Tick[]> }

/**
 * Reads the manifest's Uniswap V4 pools for the market reader: one `extsload` per PoolManager and block for every
 * pool's slot0 and liquidity; a pool's initialized ticks are re-read (readV4Ticks) on a block read afresh or when
 * ModifyLiquidity logs since the previous block name it, and carry over in `apply` otherwise.
 *
 * @example
 * const v4 = createV4Reader(manifest.pools.filter((p) => p.venue === 'uniswap-v4'))
 */
export function createV4Reader(pools: readonly ManifestPool[]): MarketPartReader<V4Fetch, V4Pool> {
  const lower = (a: string) => a.toLowerCase() as Address
  const managers = [...new Set(pools.map((p) => lower(p.address)))]
  const byManager = managers.map((m) => pools.filter((p) => lower(p.address) === m))
  const calls = byManager.map((group, k) => ({
    to: managers[k]!,
    data: encodeFunctionData({ abi, functionName: 'extsload', args: [group.flatMap((p) => { const s = v4StateSlot(p.id as Hex); return [word(s), word(s + V4_LIQUIDITY_OFFSET)] })] }),
  }))
  const ticks = new Map<string, V3Tick[]>()
  const logsWanted = (since: bigint | undefined) => since !== undefined && pools.length > 0

  return {
    async init() {},
    requests(tag, since) {
      const requests: RpcRequest[] = calls.map((c) => ({ method: 'eth_call', params: [c, tag] }))
      if (logsWanted(since)) {
        requests.push({ method: 'eth_getLogs', params: [{ address: managers, topics: [MODIFY_LIQUIDITY, pools.map((p) => p.id)], fromBlock: `0x${(since! + 1n).toString(16)}`, toBlock: tag }] })
      }
      return requests
    },
    async fetch(rpc, answers, tag, since) {
      const block = BigInt(tag)
      if (pools.length === 0) return { block, pools: [], ticks: new Map() }
      const changed = new Set<string>()
      if (logsWanted(since)) for (const log of answers[calls.length] as { topics: Hex[] }[]) changed.add(log.topics[1]!.toLowerCase())
      const out: V4Fetch['pools'] = []
      const stale: { id: string; manager: Address; tickSpacing: number }[] = []
      for (let k = 0; k < byManager.length; k++) {
        const values = decodeFunctionResult({ abi, functionName: 'extsload', data: answers[k] as Hex }).map((v) => BigInt(v))
        for (let i = 0; i < byManager[k]!.length; i++) {
          const p = byManager[k]![i]!
          const id = p.id!.toLowerCase()
          const slot0 = decodeV4Slot0(values[2 * i]!)
          if (slot0.sqrtPriceX96 === 0n) throw new BaseError(`V4 pool ${id} is not initialized in PoolManager ${managers[k]} at block ${block}`)
          if (since === undefined || changed.has(id)) stale.push({ id, manager: managers[k]!, tickSpacing: p.tickSpacing! })
          out.push({
            kind: 'v4',
            address: id as Hex,
            venue: p.venue,
            poolManager: managers[k]!,
            token0: lower(p.token0),
            token1: lower(p.token1),
            fee: slot0.lpFee,
            protocolFee: slot0.protocolFee,
            tickSpacing: p.tickSpacing!,
            sqrtPriceX96: slot0.sqrtPriceX96,
            tick: slot0.tick,
            liquidity: values[2 * i + 1]! & ((1n << 128n) - 1n),
          })
        }
      }
      const lists = await Promise.all(stale.map((s) => readV4Ticks(rpc, s.manager, s.id as Hex, s.tickSpacing, tag)))
      return { block, pools: out, ticks: new Map(stale.map((s, i) => [s.id, lists[i]!])) }
    },
    apply(fetched) {
      for (const [id, list] of fetched.ticks) ticks.set(id, list)
      return fetched.pools.map((p) => {
        const list = ticks.get(p.address)
        if (!list) throw new BaseError(`No ticks read for V4 pool ${p.address} before block ${fetched.block}`, { details: 'the first block of a run is fetched without `since`' })
        return { ...p, ticks: list }
      })
    },
  }
}
