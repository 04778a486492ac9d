import type { PublicTx } from './readPublicMempool.js'

/** What a transaction pays the block's fee recipient per gas at `baseFee` (negative: not includable yet). */
export function effectiveTip(tx: Pick<PublicTx, 'maxFeePerGas' | 'maxPriorityFeePerGas'>, baseFee: bigint): bigint {
  const headroom = tx.maxFeePerGas - baseFee
  return tx.maxPriorityFeePerGas < headroom ? tx.maxPriorityFeePerGas : headroom
}

/**
 * Orders public transactions as a fee-greedy builder does: each sender's transactions in nonce order, and
 * among the senders' next transactions the one paying the highest tip per gas at `baseFee` first (ties by
 * hash, so the order is deterministic). Pure.
 *
 * @example orderPublicTxs(mempool, 1_000_000_000n) // [bob#0 (3 gwei), alice#4 (2 gwei), alice#5 (9 gwei), …]
 */
export function orderPublicTxs(txs: readonly PublicTx[], baseFee: bigint): PublicTx[] {
  const bySender = new Map<string, PublicTx[]>()
  for (const tx of txs) {
    const key = tx.from.toLowerCase()
    const list = bySender.get(key) ?? []
    list.push(tx)
    bySender.set(key, list)
  }
  const queues = [...bySender.values()].map((list) => list.sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0)))
  const out: PublicTx[] = []
  while (queues.length > 0) {
    let best = 0
    for (let i = 1; i < queues.length; i++) {
      const a = queues[i]![0]!
      const b = queues[best]![0]!
      const ta = effectiveTip(a, baseFee)
      const tb = effectiveTip(b, baseFee)
      if (ta > tb || (ta === tb && a.hash.toLowerCase() < b.hash.toLowerCase())) best = i
    }
    out.push(queues[best]!.shift()!)
    if (queues[best]!.length === 0) queues.splice(best, 1)
  }
  return out
}
