import type { Address, Hex } from 'viem'
import type { RpcClient } from '../chain/createRpcClient.js'

/** A transaction waiting in the public mempool (the Anvil's own pool, automine off). */
export type PublicTx = {
  readonly hash: Hex
  readonly raw: Hex
  readonly from: Address
  readonly nonce: bigint
  /** Legacy / EIP-2930 gas price, or EIP-1559 max fee per gas. */
  readonly maxFeePerGas: bigint
  /** EIP-1559 priority fee cap; equals maxFeePerGas for legacy transactions. */
  readonly maxPriorityFeePerGas: bigint
}

type PoolTx = { hash: Hex; from: Address; nonce: Hex; gasPrice?: Hex; maxFeePerGas?: Hex; maxPriorityFeePerGas?: Hex }
type PoolContent = { pending?: Record<string, Record<string, PoolTx>>; queued?: Record<string, Record<string, PoolTx>> }

/**
 * Every transaction in the Anvil's pool (pending and queued), with its signed bytes, so a block can be
 * built from it in an order of our choosing (`txpool_content` + `eth_getRawTransactionByHash`).
 */
export async function readPublicMempool(rpc: RpcClient): Promise<PublicTx[]> {
  const content = await rpc.request<PoolContent>('txpool_content')
  const txs: PoolTx[] = []
  for (const group of [content.pending ?? {}, content.queued ?? {}]) {
    for (const byNonce of Object.values(group)) txs.push(...Object.values(byNonce))
  }
  if (txs.length === 0) return []
  const raws = await rpc.batch<(Hex | null)[]>(txs.map((t) => ({ method: 'eth_getRawTransactionByHash', params: [t.hash] })))
  const out: PublicTx[] = []
  const seen = new Set<string>()
  txs.forEach((t, i) => {
    const raw = raws[i]
    if (!raw || seen.has(t.hash.toLowerCase())) return
    seen.add(t.hash.toLowerCase())
    const maxFee = BigInt(t.maxFeePerGas ?? t.gasPrice ?? '0x0')
    out.push({
      hash: t.hash,
      raw,
      from: t.from,
      nonce: BigInt(t.nonce),
      maxFeePerGas: maxFee,
      maxPriorityFeePerGas: BigInt(t.maxPriorityFeePerGas ?? t.gasPrice ?? '0x0'),
    })
  })
  return out
}
