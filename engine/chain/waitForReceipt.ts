import type { Hex } from 'viem'
import { BaseError } from '../errors/BaseError.js'
import type { RpcRequest } from './createRpcClient.js'

/** What polling needs: a JSON-RPC client (`createRpcClient`, an `Anvil`) that can batch. */
type Rpc = { batch<T extends unknown[] = unknown[]>(requests: readonly RpcRequest[]): Promise<T> }

/** A receipt as `eth_getTransactionReceipt` returns it (the fields the engine reads). */
export type RawReceipt = {
  transactionHash: Hex
  status: Hex
  gasUsed: Hex
  effectiveGasPrice: Hex
  blockNumber: Hex
  contractAddress?: Hex | null
  logs: { address: string; topics: Hex[]; data: Hex }[]
}

export type WaitOptions = {
  /** Give up at this time (ms since the epoch, `Date.now()`): one deadline can cover several waits. */
  deadline?: number
  /** Give up after this long (ms) when no deadline is given. Default 30 s. */
  timeoutMs?: number
  /** Longest pause between polls (ms); the first polls come at once, then back off to it. Default 50. */
  maxPollMs?: number
}

/** No receipt came before the deadline: retryable (the node may only be slow). Names the hashes waited for. */
export class ReceiptTimeoutError extends BaseError {
  override name = 'ReceiptTimeoutError'
  readonly hashes: readonly Hex[]
  constructor(hashes: readonly Hex[], waitedMs: number) {
    super(`${hashes.length === 1 ? `Transaction ${hashes[0]} was` : `None of transactions ${hashes.join(', ')} was`} not mined within ${waitedMs} ms`, { retryable: true })
    this.hashes = hashes
  }
}

/**
 * Polls receipts until the first of `hashes` is mined and returns its receipt (`transactionHash` says which):
 * the versions of a transaction replaced at the same nonce, or a single hash. Each poll is one JSON-RPC batch.
 * Throws ReceiptTimeoutError at the deadline. Anvil's automine answers `eth_sendTransaction` before the block is
 * sealed, so even there the receipt can lag by a moment.
 *
 * @example
 * const receipt = await waitForReceipt(rpc, [original, replacement], { deadline: Date.now() + 12_000 })
 */
export async function waitForReceipt(rpc: Rpc, hashes: Hex | readonly Hex[], options: WaitOptions = {}): Promise<RawReceipt> {
  const list = typeof hashes === 'string' ? [hashes] : hashes
  const [receipt] = await poll(rpc, list, 'any', options)
  return receipt!
}

/**
 * Polls until every one of `hashes` is mined and returns their receipts in order (a deployment's
 * transactions, sent back to back): one batch per poll for the hashes still pending.
 */
export async function waitForReceipts(rpc: Rpc, hashes: readonly Hex[], options: WaitOptions = {}): Promise<RawReceipt[]> {
  return poll(rpc, hashes, 'all', options)
}

async function poll(rpc: Rpc, hashes: readonly Hex[], until: 'any' | 'all', options: WaitOptions): Promise<RawReceipt[]> {
  const started = Date.now()
  const deadline = options.deadline ?? started + (options.timeoutMs ?? 30_000)
  const maxPollMs = options.maxPollMs ?? 50
  const found = new Array<RawReceipt | undefined>(hashes.length)
  let pending = hashes.map((_, i) => i)
  let delay = 1
  for (;;) {
    if (pending.length === 0) return found as RawReceipt[]
    const receipts = await rpc.batch<(RawReceipt | null)[]>(pending.map((i) => ({ method: 'eth_getTransactionReceipt', params: [hashes[i]] })))
    if (until === 'any') {
      const mined = receipts.find((r) => r)
      if (mined) return [mined]
    } else {
      pending.forEach((i, k) => (found[i] = receipts[k] ?? undefined))
      pending = pending.filter((i) => !found[i])
      if (pending.length === 0) return found as RawReceipt[]
    }
    if (Date.now() >= deadline) throw new ReceiptTimeoutError(pending.map((i) => hashes[i]!), Date.now() - started)
    await new Promise((r) => setTimeout(r, Math.min(delay, Math.max(0, deadline - Date.now()))))
    delay = Math.min(delay * 2, maxPollMs)
  }
}
