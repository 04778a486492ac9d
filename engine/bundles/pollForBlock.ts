import type { Hex } from 'viem'
import type { RpcClient } from '../chain/createRpcClient.js'
import { BaseError } from '../errors/BaseError.js'

/**
 * Resolves once the chain behind `rpc` has mined block `n` (polls `eth_blockNumber` every 200 ms); a retryable
 * BaseError after `timeoutMs` (default 2 minutes).
 *
 * @example await pollForBlock(rpc, target) // then read whether the bundle landed in it
 */
export async function pollForBlock(rpc: RpcClient, n: bigint, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (BigInt(await rpc.request<Hex>('eth_blockNumber')) < n) {
    if (Date.now() > deadline) throw new BaseError(`Block ${n} was not mined within ${timeoutMs / 1000} s`, { retryable: true })
    await new Promise((r) => setTimeout(r, 200))
  }
}
