import type { Hex } from 'viem'
import { BaseError } from '../errors/BaseError.js'

type Rpc = { request<T = unknown>(method: string, params?: unknown[]): Promise<T> }

export type RawReceipt = {
  status: Hex
  gasUsed: Hex
  effectiveGasPrice: Hex
  blockNumber: Hex
  logs: { address: string; topics: Hex[]; data: Hex }[]
}

/**
 * Polls `eth_getTransactionReceipt` until the transaction is mined: Anvil's automine answers
 * `eth_sendTransaction` before the block is sealed, so the receipt can lag by a moment.
 */
export async function waitForReceipt(rpc: Rpc, hash: Hex, timeoutMs = 30_000): Promise<RawReceipt> {
  const deadline = Date.now() + timeoutMs
  let delay = 1
  for (;;) {
    const receipt = await rpc.request<RawReceipt | null>('eth_getTransactionReceipt', [hash])
    if (receipt) return receipt
    if (Date.now() > deadline) throw new BaseError(`Transaction ${hash} was not mined within ${timeoutMs} ms`, { retryable: true })
    await new Promise((r) => setTimeout(r, delay))
    delay = Math.min(delay * 2, 50)
  }
}
