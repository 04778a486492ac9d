import type { Hex } from 'viem'
import { BaseError } from '../../errors/BaseError.js'
import type { HistoryBlock } from '../types.js'

/** A block header as `eth_getBlockByNumber(n, false)` returns it (fields this source reads). */
export type RpcHeader = { number: Hex; hash: Hex; parentHash: Hex; timestamp: Hex; baseFeePerGas?: Hex } | null

const HASH = /^0x[0-9a-fA-F]{64}$/

/**
 * Checks headers a node returned for blocks `first`, `first+1`, … before they are trusted (after Ponder's
 * validateLogsAndBlock): every block is present, has the number asked for, a 32-byte hash, and the parent
 * hash of the block before it (`previous`, for the first). A failure is a retryable BaseError: the node may
 * be behind, or reorging under us.
 *
 * @example
 * const blocks = validateHeaders(headers, 100n, lastBlockOfPreviousBatch)
 */
export function validateHeaders(headers: RpcHeader[], first: bigint, previous?: HistoryBlock): HistoryBlock[] {
  const out: HistoryBlock[] = []
  let parent = previous
  headers.forEach((h, i) => {
    const expected = first + BigInt(i)
    if (!h) throw new BaseError(`The node has no block ${expected}`, { details: 'it may not have synced that far', retryable: true })
    if (BigInt(h.number) !== expected) throw new BaseError(`Asked for block ${expected}, the node returned block ${BigInt(h.number)}`, { retryable: true })
    if (!HASH.test(h.hash) || !HASH.test(h.parentHash)) throw new BaseError(`Block ${expected} has a malformed hash`, { details: `hash ${h.hash}, parent ${h.parentHash}`, retryable: true })
    if (parent && parent.number === expected - 1n && h.parentHash.toLowerCase() !== parent.hash.toLowerCase()) {
      throw new BaseError(`Block ${expected} does not extend block ${parent.number}`, {
        details: `its parentHash ${h.parentHash} ≠ ${parent.hash}: the chain reorganized while it was read`,
        retryable: true,
      })
    }
    const block: HistoryBlock = { number: expected, hash: h.hash, timestamp: BigInt(h.timestamp), baseFee: BigInt(h.baseFeePerGas ?? '0x0') }
    if (parent && parent.number === expected - 1n && block.timestamp < parent.timestamp) {
      throw new BaseError(`Block ${expected} is older than its parent`, { retryable: true })
    }
    out.push(block)
    parent = block
  })
  return out
}
