import type { Hex } from 'viem'
import type { RpcClient, RpcRequest } from '../../chain/createRpcClient.js'
import { ScenarioError } from '../../errors/ScenarioError.js'
import type { PoolState, ScenarioPool } from './scenarioTypes.js'

/** Header facts of the latest block that the generator checks and prices gas with. */
export type LatestHeader = { number: bigint; hash: Hex; timestamp: bigint; baseFee: bigint; gasUsed: bigint; gasLimit: bigint; transactions: Hex[] }

/** A receipt's logs, enough to read what a liquidity transaction minted. */
export type ReceiptLogs = { status: Hex; logs: { address: Hex; topics: Hex[]; data: Hex }[] }

/**
 * Storage slots read instead of calling the pools (a storage read costs Anvil no EVM run, which halves
 * the per-block read): UniswapV2Pair packs reserve0 (112 bits), reserve1 (112) and the timestamp in slot 8;
 * UniswapV3Pool keeps slot0 (sqrtPriceX96 in the low 160 bits, then tick as int24) in slot 0 and
 * `liquidity` in slot 4. `readMarket.test.ts` checks them against getReserves/slot0/liquidity.
 */
const V2_RESERVES_SLOT = '0x8'
const V3_SLOT0_SLOT = '0x0'
const V3_LIQUIDITY_SLOT = '0x4'
const MASK_112 = (1n << 112n) - 1n
const MASK_160 = (1n << 160n) - 1n

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
    if (p.kind === 'v2') requests.push(storage(p.address, V2_RESERVES_SLOT))
    else requests.push(storage(p.address, V3_SLOT0_SLOT), storage(p.address, V3_LIQUIDITY_SLOT))
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
      const packed = BigInt(results[k++] as Hex)
      return { kind: 'v2', reserve0: packed & MASK_112, reserve1: (packed >> 112n) & MASK_112 }
    }
    const slot0 = BigInt(results[k++] as Hex)
    const liquidity = BigInt(results[k++] as Hex)
    return { kind: 'v3', sqrtPriceX96: slot0 & MASK_160, tick: Number(BigInt.asIntN(24, slot0 >> 160n)), liquidity }
  })
  const logs = results.slice(k) as (ReceiptLogs | null)[]
  logs.forEach((r, i) => {
    if (!r) throw new ScenarioError(`Liquidity transaction ${receipts[i]} has no receipt`, { step: `block ${header.number}` })
  })
  return { header, states, receipts: logs as ReceiptLogs[] }
}

function storage(address: Hex, slot: Hex): RpcRequest {
  return { method: 'eth_getStorageAt', params: [address, slot, 'latest'] }
}
