import type { Address, Hex } from 'viem'
import { ReceiptTimeoutError, waitForReceipt } from '../../chain/waitForReceipt.js'
import type { DevnetRpc } from '../../devnet/createTxSender.js'

/**
 * Test helper: sends one transaction from an unlocked (or impersonated) account on an automining Anvil and
 * waits for its receipt; throws, naming `label`, when it reverts. Nonces are left to the node, so it stays
 * correct across `evm_revert`.
 *
 * Anvil sometimes loses a transaction sent right after `evm_revert` (about 1 in 300 in a tight
 * snapshot/send/revert loop, with any HTTP client): it answers the hash, then neither mines nor pools it,
 * most likely pruned by the late notice of the reverted block that held the same nonce. A transaction the
 * node no longer knows is sent again.
 */
export async function sendTransaction(
  rpc: DevnetRpc,
  tx: { label: string; from: Address; to: Address; data: Hex; value?: bigint; gas?: bigint },
): Promise<{ blockNumber: bigint }> {
  const request = {
    from: tx.from,
    to: tx.to,
    data: tx.data,
    gas: `0x${(tx.gas ?? 3_000_000n).toString(16)}`,
    ...(tx.value ? { value: `0x${tx.value.toString(16)}` } : {}),
  }
  let hash = await rpc.request<Hex>('eth_sendTransaction', [request])
  for (let i = 1; i <= 25; i++) {
    try {
      const receipt = await waitForReceipt(rpc, hash, { timeoutMs: 200, maxPollMs: 10 })
      if (receipt.status !== '0x1') throw new Error(`${tx.label} reverted (tx ${hash})`)
      return { blockNumber: BigInt(receipt.blockNumber) }
    } catch (e) {
      if (!(e instanceof ReceiptTimeoutError)) throw e
    }
    if ((await rpc.request<unknown>('eth_getTransactionByHash', [hash])) === null) {
      hash = await rpc.request<Hex>('eth_sendTransaction', [request])
    }
  }
  throw new Error(`${tx.label} was not mined (tx ${hash})`)
}
