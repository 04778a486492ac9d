import type { Hex } from 'viem'

type Receipt = { transactionHash: Hex; transactionIndex: Hex; logs: readonly { address: string }[] }

/**
 * The first transaction ahead of ours (index below `position`) that touched one of `pools`: a log emitted by one
 * of them (Swap, Sync, Mint, Burn) means it traded or moved their state. Null when none did.
 */
export function findRival(receipts: readonly Receipt[], position: number, pools: ReadonlySet<string>): Hex | null {
  for (const r of [...receipts].sort((a, b) => Number(BigInt(a.transactionIndex) - BigInt(b.transactionIndex)))) {
    if (Number(BigInt(r.transactionIndex)) >= position) break
    if (r.logs.some((l) => pools.has(l.address.toLowerCase()))) return r.transactionHash
  }
  return null
}
