import { decodeFunctionResult, encodeFunctionData, parseAbi, toEventSelector, type Hex } from 'viem'
import type { RpcClient, RpcRequest } from '../chain/createRpcClient.js'
import type { ManifestPool } from '../devnet/manifest.js'
import { BaseError } from '../errors/BaseError.js'
import { decodeV4Slot0, V4_LIQUIDITY_OFFSET, v4StateSlot } from '../universe/v4StateSlot.js'
import { readV4Ticks } from './readV4Ticks.js'
import type { Address, V3Tick, V4Pool } from './types.js'

const abi = parseAbi(['function extsload(bytes32[] slots) view returns (bytes32[])'])
const MODIFY_LIQUIDITY = toEventSelector('ModifyLiquidity(bytes32,address,int24,int24,int256,bytes32)')
const word = (n: bigint) => `0x${n.toString(16).padStart(64, '0')}` as Hex

/** Reads the manifest's Uniswap V4 pools for the market reader: one `extsload` per block for every pool's slot0 and liquidity. */
export type V4Reader = {
  /** The block's requests: the extsload call, and the ModifyLiquidity logs since the previous read when contiguous. */
  requests(tag: Hex, since: bigint | undefined): RpcRequest[]
  /** The pools from the answers to `requests` (ticks re-read for pools whose liquidity map changed). */
  decode(rpc: RpcClient, answers: readonly unknown[], tag: Hex): Promise<V4Pool[]>
}

/**
 * @example
 * const v4 = createV4Reader(manifest.pools.filter((p) => p.venue === 'uniswap-v4'))
 */
export function createV4Reader(pools: readonly ManifestPool[]): V4Reader {
  const lower = (a: string) => a.toLowerCase() as Address
  const managers = [...new Set(pools.map((p) => lower(p.address)))]
  const byManager = managers.map((m) => pools.filter((p) => lower(p.address) === m))
  const calls = byManager.map((group, k) => ({
    to: managers[k]!,
    data: encodeFunctionData({ abi, functionName: 'extsload', args: [group.flatMap((p) => { const s = v4StateSlot(p.id as Hex); return [word(s), word(s + V4_LIQUIDITY_OFFSET)] })] }),
  }))
  const ticks = new Map<string, V3Tick[]>()
  let withLogs = false

  return {
    requests(tag, since) {
      const requests: RpcRequest[] = calls.map((c) => ({ method: 'eth_call', params: [c, tag] }))
      withLogs = since !== undefined && pools.length > 0
      if (withLogs) {
        requests.push({ method: 'eth_getLogs', params: [{ address: managers, topics: [MODIFY_LIQUIDITY, pools.map((p) => p.id)], fromBlock: `0x${since!.toString(16)}`, toBlock: tag }] })
      }
      return requests
    },
    async decode(rpc, answers, tag) {
      if (pools.length === 0) return []
      const changed = new Set<string>()
      if (withLogs) for (const log of answers[calls.length] as { topics: Hex[] }[]) changed.add(log.topics[1]!.toLowerCase())
      const out: V4Pool[] = []
      for (let k = 0; k < byManager.length; k++) {
        const values = decodeFunctionResult({ abi, functionName: 'extsload', data: answers[k] as Hex }).map((v) => BigInt(v))
        for (let i = 0; i < byManager[k]!.length; i++) {
          const p = byManager[k]![i]!
          const id = p.id!.toLowerCase()
          const slot0 = decodeV4Slot0(values[2 * i]!)
          if (slot0.sqrtPriceX96 === 0n) throw new BaseError(`V4 pool ${id} is not initialized in PoolManager ${managers[k]} at block ${BigInt(tag)}`)
          if (!ticks.has(id) || !withLogs || changed.has(id)) ticks.set(id, await readV4Ticks(rpc, managers[k]!, id as Hex, p.tickSpacing!, tag))
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
            ticks: ticks.get(id)!,
          })
        }
      }
      return out
    },
  }
}
