import type { Hex } from 'viem'
import type { RpcClient } from '../chain/createRpcClient.js'

export type NonceManager = {
  /** The next nonce to sign with; the first call reads the account's pending transaction count. */
  take(): Promise<number>
  /** Gives back a nonce whose transaction never reached the node, so the next one fills it (no gap). */
  release(nonce: number): void
  /** Re-reads the pending count from the node (after a reorg or a "nonce too low"). */
  resync(): Promise<void>
  /** The nonce the next `take` returns, if known. */
  peek(): number | undefined
}

/**
 * Hands out consecutive nonces for one sender without a round trip per transaction. A transaction that
 * failed before reaching the mempool returns its nonce with `release`; a stuck one keeps its nonce and is
 * replaced with a higher fee by the executor, so nonces never leave a gap.
 */
export function createNonceManager(rpc: RpcClient, address: Hex): NonceManager {
  let next: number | undefined
  const read = async () => Number(BigInt(await rpc.request<Hex>('eth_getTransactionCount', [address, 'pending'])))
  return {
    async take() {
      if (next === undefined) next = await read()
      return next++
    },
    release(nonce) {
      if (next !== undefined && nonce === next - 1) next = nonce
    },
    async resync() {
      next = await read()
    },
    peek: () => next,
  }
}
