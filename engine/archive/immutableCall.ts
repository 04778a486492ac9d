import type { RpcAnswer, RpcRequest } from '../chain/createRpcClient.js'

/** What a call's answer depends on: the state at a block number, or something named by its hash. */
export type Pin = { block: bigint } | { hash: true }

/** Where each method that reads at a block takes the block (`params[i]`). */
const BLOCK_PARAM: Record<string, number> = {
  eth_getBalance: 1,
  eth_getTransactionCount: 1,
  eth_getCode: 1,
  eth_getAccountInfo: 1,
  eth_getStorageAt: 2,
  eth_getProof: 2,
  eth_call: 1,
  eth_estimateGas: 1,
  eth_createAccessList: 1,
  debug_traceCall: 1,
  eth_getBlockByNumber: 0,
  eth_getBlockReceipts: 0,
  eth_getBlockTransactionCountByNumber: 0,
  debug_traceBlockByNumber: 0,
}
/** Methods that name what they read by a hash (a block's or a transaction's). */
const BY_HASH = new Set(['eth_getBlockByHash', 'eth_getTransactionByHash', 'eth_getTransactionReceipt', 'eth_getBlockTransactionCountByHash'])

const HASH = /^0x[0-9a-fA-F]{64}$/
const QUANTITY = /^0x[0-9a-fA-F]{1,16}$/

function pinOfBlock(p: unknown): Pin | undefined {
  if (typeof p === 'string') {
    if (HASH.test(p)) return { hash: true }
    if (QUANTITY.test(p)) return { block: BigInt(p) }
    return undefined // latest, pending, safe, finalized, earliest
  }
  if (p && typeof p === 'object') {
    const o = p as { blockNumber?: unknown; blockHash?: unknown }
    if (typeof o.blockHash === 'string' && HASH.test(o.blockHash)) return { hash: true }
    if (typeof o.blockNumber === 'string' && QUANTITY.test(o.blockNumber)) return { block: BigInt(o.blockNumber) }
  }
  return undefined
}

/**
 * The block a call reads at, when its answer can never change once that block is final: reads at a block
 * number (state, code, storage, `eth_call` and traces, headers, logs of a closed range) or by hash. Undefined
 * for `latest`/`pending`/`safe`/`finalized` and for methods whose answer moves with the chain (`eth_blockNumber`,
 * `eth_gasPrice`, sends).
 *
 * @example
 * immutablePin({ method: 'eth_getStorageAt', params: [pool, '0x8', '0x121f3a0'] }) // { block: 18_953_120n }
 */
export function immutablePin(call: RpcRequest): Pin | undefined {
  const params = call.params ?? []
  const at = BLOCK_PARAM[call.method]
  if (at !== undefined) return params.length > at ? pinOfBlock(params[at]) : undefined
  if (BY_HASH.has(call.method)) return typeof params[0] === 'string' && HASH.test(params[0]) ? { hash: true } : undefined
  if (call.method === 'eth_getLogs') {
    const f = params[0] as { fromBlock?: unknown; toBlock?: unknown; blockHash?: unknown } | undefined
    if (!f || typeof f !== 'object') return undefined
    if (typeof f.blockHash === 'string' && HASH.test(f.blockHash)) return { hash: true }
    const from = pinOfBlock(f.fromBlock)
    const to = pinOfBlock(f.toBlock)
    return from && to && 'block' in from && 'block' in to ? { block: to.block } : undefined
  }
  return undefined
}

/**
 * True when `answer` to a pinned call may be kept forever: its block is at most `finalBlock` (deeper than a
 * reorg reaches), and it is a real answer: not null (a node that has not seen the block yet), not an error
 * except a revert (code 3, which the same call at the same block always gives). For calls by hash, the block
 * the answer names must be final too.
 */
export function isImmutableAnswer(call: RpcRequest, pin: Pin, answer: RpcAnswer, finalBlock: bigint): boolean {
  if (answer.error) return answer.error.code === 3 && 'block' in pin && pin.block <= finalBlock
  const result = answer.result
  if (result === null || result === undefined) return false
  if ('block' in pin) return pin.block <= finalBlock
  const named = (result as { blockNumber?: unknown; number?: unknown }[] | { blockNumber?: unknown; number?: unknown })
  const first = Array.isArray(named) ? named[0] : named
  const number = first?.blockNumber ?? first?.number
  return typeof number === 'string' && QUANTITY.test(number) && BigInt(number) <= finalBlock && call.method !== 'eth_getBlockTransactionCountByHash'
}
