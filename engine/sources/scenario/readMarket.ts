import { decodeAbiParameters, encodeFunctionData, parseAbi, type Hex } from 'viem'
import type { RpcClient, RpcRequest } from '../../chain/createRpcClient.js'
import { ScenarioError } from '../../errors/ScenarioError.js'
import { decodeV4Slot0, V4_LIQUIDITY_OFFSET, v4StateSlot } from '../../universe/v4StateSlot.js'
import type { PoolState, ScenarioPool } from './scenarioTypes.js'

/** Header facts of the latest block that the generator checks and prices gas with. */
export type LatestHeader = { number: bigint; hash: Hex; timestamp: bigint; baseFee: bigint; gasUsed: bigint; gasLimit: bigint; transactions: Hex[] }

/** A receipt's logs, enough to read what a liquidity transaction minted. */
export type ReceiptLogs = { status: Hex; logs: { address: Hex; topics: Hex[]; data: Hex }[] }

/**
 * Storage slots read instead of calling the pools (a storage read costs Anvil no EVM run, which halves
 * the per-block read): UniswapV2Pair packs reserve0 (112 bits), reserve1 (112) and the timestamp in slot 8;
 * UniswapV3Pool keeps slot0 (sqrtPriceX96 in the low 160 bits, then tick as int24) in slot 0 and
 * `liquidity` in slot 4; a V4 pool's slot0 and liquidity live in the PoolManager (`v4StateSlot`). A Balancer pool's
 * balances are asked of the Vault (`getPoolTokens`) and its weights of the pool. `readMarket.test.ts` checks them
 * against getReserves/slot0/liquidity/extsload.
 */
const V2_RESERVES_SLOT = '0x8'
const V3_SLOT0_SLOT = '0x0'
const V3_LIQUIDITY_SLOT = '0x4'
const MASK_112 = (1n << 112n) - 1n
const MASK_160 = (1n << 160n) - 1n
const balancerAbi = parseAbi(['function getPoolTokens(bytes32) view returns (address[], uint256[], uint256)', 'function getNormalizedWeights() view returns (uint256[])'])
const WEIGHTS = encodeFunctionData({ abi: balancerAbi, functionName: 'getNormalizedWeights' })

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
    else if (p.kind === 'weighted') {
      const tokens = encodeFunctionData({ abi: balancerAbi, functionName: 'getPoolTokens', args: [p.id!] })
      requests.push(call(p.vault!, tokens), call(p.address, WEIGHTS))
    } else if (p.venue === 'uniswap-v4') {
      const slot = v4StateSlot(p.id!)
      requests.push(storage(p.address, hex(slot)), storage(p.address, hex(slot + V4_LIQUIDITY_OFFSET)))
    } else requests.push(storage(p.address, V3_SLOT0_SLOT), storage(p.address, V3_LIQUIDITY_SLOT))
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
    if (p.kind === 'weighted') {
      const [, balances] = decodeAbiParameters([{ type: 'address[]' }, { type: 'uint256[]' }, { type: 'uint256' }], results[k++] as Hex)
      const [weights] = decodeAbiParameters([{ type: 'uint256[]' }], results[k++] as Hex)
      if (balances.length !== 2 || weights.length !== 2) throw new ScenarioError(`Balancer pool ${p.address} is not a two-token weighted pool`, { step: 'read' })
      return { kind: 'weighted', balance0: balances[0]!, balance1: balances[1]!, weight0: weights[0]!, weight1: weights[1]! }
    }
    const word = BigInt(results[k++] as Hex)
    const liquidity = BigInt(results[k++] as Hex)
    if (p.venue === 'uniswap-v4') {
      const slot0 = decodeV4Slot0(word)
      return { kind: 'v3', sqrtPriceX96: slot0.sqrtPriceX96, tick: slot0.tick, liquidity }
    }
    return { kind: 'v3', sqrtPriceX96: word & MASK_160, tick: Number(BigInt.asIntN(24, word >> 160n)), liquidity }
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

function hex(n: bigint): Hex {
  return `0x${n.toString(16)}`
}

function storage(address: Hex, slot: Hex): RpcRequest {
  return { method: 'eth_getStorageAt', params: [address, slot, 'latest'] }
}
