import { decodeEventLog, toEventSelector, type Address, type Hex } from 'viem'
import { uniswapV2PairAbi } from '../../abi/uniswapV2Pair.js'
import { uniswapV3PoolAbi } from '../../abi/uniswapV3Pool.js'
import { RpcResponseError, type RpcClient } from '../../chain/createRpcClient.js'
import type { EventRow } from './recordingFormat.js'

const V2_TOPICS = ['Sync(uint112,uint112)', 'Swap(address,uint256,uint256,uint256,uint256,address)', 'Mint(address,uint256,uint256)', 'Burn(address,uint256,uint256,address)']
const V3_TOPICS = [
  'Swap(address,address,int256,int256,uint160,uint128,int24)',
  'Mint(address,address,int24,int24,uint128,uint256,uint256)',
  'Burn(address,int24,int24,uint128,uint256,uint256)',
]
const TOPICS = [...V2_TOPICS, ...V3_TOPICS].map((s) => toEventSelector(s))

type RpcLog = { address: Hex; blockNumber: Hex; logIndex: Hex; transactionHash: Hex; topics: [Hex, ...Hex[]]; data: Hex; removed?: boolean }

const empty = { amount0: null, amount1: null, reserve0: null, reserve1: null, sqrt_price_x96: null, liquidity: null, tick: null, tick_lower: null, tick_upper: null, amount: null }

/**
 * Fetches and decodes the pools' V2 Sync/Swap/Mint/Burn and V3 Swap/Mint/Burn logs of blocks `from`…`to`
 * with eth_getLogs in chunks of `chunk` blocks (halved when the node refuses a chunk as too large), in
 * block and log order. `kinds` says which pools are V3.
 */
export async function fetchPoolEvents(
  rpc: RpcClient,
  args: { pools: Address[]; v3: Set<string>; from: bigint; to: bigint; chunk?: bigint; onChunk?: (to: bigint) => void },
): Promise<EventRow[]> {
  const rows: EventRow[] = []
  let size = args.chunk ?? 2_000n
  for (let start = args.from; start <= args.to; ) {
    const end = start + size - 1n < args.to ? start + size - 1n : args.to
    let logs: RpcLog[]
    try {
      logs = await rpc.request<RpcLog[]>('eth_getLogs', [{ address: args.pools, topics: [TOPICS], fromBlock: `0x${start.toString(16)}`, toBlock: `0x${end.toString(16)}` }])
    } catch (e) {
      // Providers cap results per call; a smaller range is the documented way around it.
      if (e instanceof RpcResponseError && size > 1n) {
        size /= 2n
        continue
      }
      throw e
    }
    for (const log of logs) {
      if (log.removed) continue
      const pool = log.address.toLowerCase()
      const base = { block_number: BigInt(log.blockNumber), log_index: Number(BigInt(log.logIndex)), tx_hash: log.transactionHash, pool, ...empty }
      if (args.v3.has(pool)) {
        const e = decodeEventLog({ abi: uniswapV3PoolAbi, topics: log.topics, data: log.data })
        if (e.eventName === 'Swap') {
          const a = e.args
          rows.push({ ...base, event: 'Swap', amount0: String(a.amount0), amount1: String(a.amount1), sqrt_price_x96: String(a.sqrtPriceX96), liquidity: String(a.liquidity), tick: a.tick })
        } else if (e.eventName === 'Mint' || e.eventName === 'Burn') {
          const a = e.args
          rows.push({ ...base, event: e.eventName, amount0: String(a.amount0), amount1: String(a.amount1), tick_lower: a.tickLower, tick_upper: a.tickUpper, amount: String(a.amount) })
        }
      } else {
        const e = decodeEventLog({ abi: uniswapV2PairAbi, topics: log.topics, data: log.data })
        if (e.eventName === 'Sync') rows.push({ ...base, event: 'Sync', reserve0: String(e.args.reserve0), reserve1: String(e.args.reserve1) })
        else if (e.eventName === 'Swap') {
          const a = e.args
          rows.push({ ...base, event: 'Swap', amount0: String(a.amount0In - a.amount0Out), amount1: String(a.amount1In - a.amount1Out) })
        } else if (e.eventName === 'Mint' || e.eventName === 'Burn') {
          rows.push({ ...base, event: e.eventName, amount0: String(e.args.amount0), amount1: String(e.args.amount1) })
        }
      }
    }
    args.onChunk?.(end)
    start = end + 1n
  }
  return rows.sort((a, b) => (a.block_number !== b.block_number ? (a.block_number < b.block_number ? -1 : 1) : a.log_index - b.log_index))
}
