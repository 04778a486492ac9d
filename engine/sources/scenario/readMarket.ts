import { encodeFunctionData, type Hex } from 'viem'
import { uniswapV2PairAbi } from '../../abi/uniswapV2Pair.js'
import { uniswapV3PoolAbi } from '../../abi/uniswapV3Pool.js'
import type { RpcClient, RpcRequest } from '../../chain/createRpcClient.js'
import { ScenarioError } from '../../errors/ScenarioError.js'
import type { PoolState, ScenarioPool } from './scenarioTypes.js'

/** Header facts of the latest block that the generator checks and prices gas with. */
export type LatestHeader = { number: bigint; hash: Hex; timestamp: bigint; baseFee: bigint; gasUsed: bigint; gasLimit: bigint; transactions: Hex[] }

/** A receipt's logs, enough to read what a liquidity transaction minted. */
export type ReceiptLogs = { status: Hex; logs: { address: Hex; topics: Hex[]; data: Hex }[] }

const GET_RESERVES = encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'getReserves' })
const SLOT0 = encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'slot0' })
const LIQUIDITY = encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'liquidity' })

/**
 * Reads, in one JSON-RPC batch, the latest block's header, every pool's state at it (V2 reserves; V3 slot0
 * and in-range liquidity) and the receipts of `receipts` (the previous block's liquidity transactions).
 */
export async function readMarket(
  rpc: RpcClient,
  pools: readonly ScenarioPool[],
  receipts: readonly Hex[] = [],
): Promise<{ header: LatestHeader; states: PoolState[]; receipts: ReceiptLogs[] }> {
  const requests: RpcRequest[] = [{ method: 'eth_getBlockByNumber', params: ['latest', false] }]
  for (const p of pools) {
    if (p.kind === 'v2') requests.push(call(p.address, GET_RESERVES))
    else requests.push(call(p.address, SLOT0), call(p.address, LIQUIDITY))
  }
  for (const h of receipts) requests.push({ method: 'eth_getTransactionReceipt', params: [h] })
  const results = await rpc.batch<unknown[]>(requests)

  const block = results[0] as { number: Hex; hash: Hex; timestamp: Hex; baseFeePerGas?: Hex; gasUsed: Hex; gasLimit: Hex; transactions: Hex[] }
  const header: LatestHeader = {
    number: BigInt(block.number),
    hash: block.hash,
    timestamp: BigInt(block.timestamp),
    baseFee: BigInt(block.baseFeePerGas ?? '0x0'),
    gasUsed: BigInt(block.gasUsed),
    gasLimit: BigInt(block.gasLimit),
    transactions: block.transactions,
  }
  let k = 1
  const states: PoolState[] = pools.map((p) => {
    if (p.kind === 'v2') {
      const r = results[k++] as Hex
      return { kind: 'v2', reserve0: word(r, 0), reserve1: word(r, 1) }
    }
    const slot0 = results[k++] as Hex
    const liquidity = word(results[k++] as Hex, 0)
    return { kind: 'v3', sqrtPriceX96: word(slot0, 0), tick: Number(BigInt.asIntN(24, word(slot0, 1))), liquidity }
  })
  const logs = results.slice(k) as (ReceiptLogs | null)[]
  logs.forEach((r, i) => {
    if (!r) throw new ScenarioError(`Liquidity transaction ${receipts[i]} has no receipt`, { step: `block ${header.number}` })
  })
  return { header, states, receipts: logs as ReceiptLogs[] }
}

function call(to: Hex, data: Hex): RpcRequest {
  return { method: 'eth_call', params: [{ to, data }, 'latest'] }
}

function word(hex: Hex, i: number): bigint {
  return BigInt(`0x${hex.slice(2 + 64 * i, 66 + 64 * i)}`)
}
