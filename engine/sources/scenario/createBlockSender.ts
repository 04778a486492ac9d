import type { Address, Hex } from 'viem'
import type { RpcClient } from '../../chain/createRpcClient.js'
import type { TxRequest } from './encodeAction.js'

/** Sends a block's transactions from unlocked accounts and mines them. */
export type BlockSender = {
  /**
   * Sends the transactions in one JSON-RPC batch without awaiting receipts; returns their hashes in order.
   * `baseFee` is the base fee of the block they are for: each offers twice that plus its tip, so none can
   * fall below the base fee (which Anvil would answer by dropping it silently at mining), and its effective
   * priority fee is its tip. Transactions that carry their own `priorityFee` (rivals' bids) must come first,
   * in strictly decreasing order, each above every ordinary tip of the batch.
   */
  send(txs: readonly TxRequest[], baseFee: bigint): Promise<Hex[]>
  /** Mines one block (`evm_mine`) holding everything sent since the last one. */
  mine(): Promise<void>
  /** Nonce the account's next transaction will use. */
  nonce(account: Address): bigint
  /** Re-reads the nonces of `accounts` from the node (after the node dropped some of their transactions). */
  resync(accounts: readonly Address[]): Promise<void>
}

/** Priority fee floor (1 gwei). */
const TIP = 10n ** 9n

/**
 * Creates a sender that manages nonces locally (read once) and orders each block by priority fee, as a builder
 * would: transactions with a bid of their own (rivals) offer exactly that tip, and ordinary transaction k of n
 * offers a tip n−k wei above the 1 gwei floor, so Anvil's fee-ordered mempool mines them exactly in the order
 * given (bids first), whatever order the batched requests reach its pool in. The max fee is twice the base fee
 * plus the tip, so the effective priority fee, min(tip, maxFee − baseFee), is the tip. Deterministic: same
 * inputs, same hashes.
 */
export async function createBlockSender(rpc: RpcClient, accounts: readonly Address[]): Promise<BlockSender> {
  const counts = await rpc.batch<Hex[]>(accounts.map((a) => ({ method: 'eth_getTransactionCount', params: [a, 'latest'] })))
  const nonces = new Map(accounts.map((a, i) => [a, BigInt(counts[i]!)]))
  const hex = (n: bigint) => `0x${n.toString(16)}`
  return {
    async send(txs, baseFee) {
      const n = BigInt(txs.length)
      checkBids(txs, TIP + n)
      const requests = txs.map((tx, k) => {
        const nonce = nonces.get(tx.from)
        if (nonce === undefined) throw new Error(`createBlockSender: ${tx.from} is not one of its accounts`)
        nonces.set(tx.from, nonce + 1n)
        const tip = tx.priorityFee ?? TIP + n - BigInt(k)
        return {
          method: 'eth_sendTransaction',
          params: [
            {
              from: tx.from,
              ...(tx.to ? { to: tx.to } : {}),
              data: tx.data,
              gas: hex(tx.gas),
              ...(tx.value ? { value: hex(tx.value) } : {}),
              nonce: hex(nonce),
              type: '0x2',
              maxFeePerGas: hex(2n * baseFee + tip),
              maxPriorityFeePerGas: hex(tip),
            },
          ],
        }
      })
      return rpc.batch<Hex[]>(requests)
    },
    nonce(account) {
      const n = nonces.get(account)
      if (n === undefined) throw new Error(`createBlockSender: ${account} is not one of its accounts`)
      return n
    },
    async resync(list) {
      const fresh = await rpc.batch<Hex[]>(list.map((a) => ({ method: 'eth_getTransactionCount', params: [a, 'latest'] })))
      list.forEach((a, i) => nonces.set(a, BigInt(fresh[i]!)))
    },
    async mine() {
      await rpc.request('evm_mine')
    },
  }
}

// Bids lead the batch, strictly decreasing, each above the highest ordinary tip: the order given is then the
// only order a fee-ordered mempool can mine.
function checkBids(txs: readonly TxRequest[], ordinaryMax: bigint): void {
  let last: bigint | undefined
  for (const [k, tx] of txs.entries()) {
    if (tx.priorityFee === undefined) {
      if (txs.slice(k).some((t) => t.priorityFee !== undefined)) throw new Error(`createBlockSender: transaction ${k} has no bid but a later one has: bids must come first`)
      return
    }
    if (tx.priorityFee <= ordinaryMax) throw new Error(`createBlockSender: bid ${tx.priorityFee} of transaction ${k} must exceed the ordinary tips (up to ${ordinaryMax})`)
    if (last !== undefined && tx.priorityFee >= last) throw new Error(`createBlockSender: bids must strictly decrease (transaction ${k}: ${tx.priorityFee} after ${last})`)
    last = tx.priorityFee
  }
}
