import type { Address, Hex } from 'viem'
import type { DevnetRpc } from '../../devnet/createTxSender.js'

/**
 * Test helper: sends one transaction from an unlocked (or impersonated) account on an automining Anvil and
 * waits for its receipt; throws, naming `label`, when it reverts. Nonces are left to the node, so it stays
 * correct across `evm_revert`.
 */
export async function sendTransaction(
  rpc: DevnetRpc,
  tx: { label: string; from: Address; to: Address; data: Hex; value?: bigint; gas?: bigint },
): Promise<{ blockNumber: bigint }> {
  const hash = await rpc.request<Hex>('eth_sendTransaction', [
    {
      from: tx.from,
      to: tx.to,
      data: tx.data,
      gas: `0x${(tx.gas ?? 3_000_000n).toString(16)}`,
      ...(tx.value ? { value: `0x${tx.value.toString(16)}` } : {}),
    },
  ])
  for (let i = 0; i < 500; i++) {
    const receipt = await rpc.request<{ status: Hex; blockNumber: Hex } | null>('eth_getTransactionReceipt', [hash])
    if (receipt) {
      if (receipt.status !== '0x1') throw new Error(`${tx.label} reverted (tx ${hash})`)
      return { blockNumber: BigInt(receipt.blockNumber) }
    }
    await new Promise((r) => setTimeout(r, 10))
  }
  throw new Error(`${tx.label} was not mined (tx ${hash})`)
}
