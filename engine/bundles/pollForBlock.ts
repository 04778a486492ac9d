import type { Hex } from 'viem'
import type { RpcClient } from '../chain/createRpcClient.js'
import { BaseError } from '../errors/BaseError.js'

/**
 * Resolves once the chain behind `rpc` has mined block `n` (polls `eth_blockNumber` every 200 ms); a retryable
 * BaseError after `timeoutMs` (default 2 minutes); stops polling and rejects with `signal.reason` once `signal`
 * aborts.
 *
 * @example await pollForBlock(rpc, target) // then read whether the bundle landed in it
 */
export async function pollForBlock(rpc: RpcClient, n: bigint, options: { timeoutMs?: number; signal?: AbortSignal } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 120_000
  const { signal } = options
  const deadline = Date.now() + timeoutMs
  for (;;) {
    signal?.throwIfAborted()
    if (BigInt(await rpc.request<Hex>('eth_blockNumber')) >= n) return
    if (Date.now() > deadline) throw new BaseError(`Block ${n} was not mined within ${timeoutMs / 1000} s`, { retryable: true })
    await new Promise<void>((resolve) => {
      const onAbort = () => (clearTimeout(timer), resolve())
      const timer = setTimeout(() => (signal?.removeEventListener('abort', onAbort), resolve()), 200)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }
}
