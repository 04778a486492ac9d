import { keccak256, serializeTransaction, type Hex, type TransactionSerializable } from 'viem'

/** A transaction as `eth_getBlockByNumber(n, true)` returns it. */
export type RpcTransaction = {
  hash: Hex
  type?: Hex
  nonce: Hex
  to?: Hex | null
  value: Hex
  input: Hex
  gas: Hex
  gasPrice?: Hex
  maxFeePerGas?: Hex
  maxPriorityFeePerGas?: Hex
  chainId?: Hex
  accessList?: { address: Hex; storageKeys: Hex[] }[]
  authorizationList?: { chainId: Hex; address: Hex; nonce: Hex; yParity: Hex; r: Hex; s: Hex }[]
  v?: Hex
  r: Hex
  s: Hex
  yParity?: Hex
}

/** The signed bytes of a block's transaction, or why it cannot be sent again. */
export type Replayable = { hash: Hex; raw: Hex } | { hash: Hex; raw: null; reason: string }

/**
 * Re-serializes a block's signed transactions from the node's JSON (types 0, 1, 2 and 4), checking each against its
 * hash, so they can be sent to a fork as raw transactions with their original signatures. Blob transactions
 * (type 3) cannot be: their sidecars are not in the block. Pure.
 */
export function replayableTransactions(txs: readonly RpcTransaction[]): Replayable[] {
  return txs.map((tx) => {
    try {
      const raw = serialize(tx)
      if (!raw) return { hash: tx.hash, raw: null, reason: `type ${tx.type ?? '0x0'} cannot be replayed` }
      if (keccak256(raw) !== tx.hash) return { hash: tx.hash, raw: null, reason: 'its re-serialized bytes do not match its hash' }
      return { hash: tx.hash, raw }
    } catch (e) {
      return { hash: tx.hash, raw: null, reason: (e as Error).message.split('\n')[0]! }
    }
  })
}

function serialize(tx: RpcTransaction): Hex | null {
  const type = Number(tx.type ?? '0x0')
  const common = {
    nonce: Number(BigInt(tx.nonce)),
    to: tx.to ?? undefined,
    value: BigInt(tx.value),
    data: tx.input,
    gas: BigInt(tx.gas),
  }
  const accessList = (tx.accessList ?? []).map((a) => ({ address: a.address, storageKeys: a.storageKeys }))
  const chainId = tx.chainId !== undefined ? Number(BigInt(tx.chainId)) : undefined
  const yParity = tx.yParity !== undefined ? Number(BigInt(tx.yParity)) : Number(BigInt(tx.v ?? '0x0') % 2n === 0n ? 1 : 0)
  let unsigned: TransactionSerializable
  switch (type) {
    case 0: {
      const v = BigInt(tx.v ?? '0x1b')
      return serializeTransaction({ ...common, type: 'legacy', gasPrice: BigInt(tx.gasPrice!), ...(v >= 35n ? { chainId: Number((v - 35n) / 2n) } : {}) }, { r: tx.r, s: tx.s, v })
    }
    case 1:
      unsigned = { ...common, type: 'eip2930', chainId: chainId!, gasPrice: BigInt(tx.gasPrice!), accessList }
      break
    case 2:
      unsigned = { ...common, type: 'eip1559', chainId: chainId!, maxFeePerGas: BigInt(tx.maxFeePerGas!), maxPriorityFeePerGas: BigInt(tx.maxPriorityFeePerGas!), accessList }
      break
    case 4:
      unsigned = {
        ...common,
        type: 'eip7702',
        chainId: chainId!,
        maxFeePerGas: BigInt(tx.maxFeePerGas!),
        maxPriorityFeePerGas: BigInt(tx.maxPriorityFeePerGas!),
        accessList,
        authorizationList: (tx.authorizationList ?? []).map((a) => ({
          chainId: Number(BigInt(a.chainId)),
          address: a.address,
          nonce: Number(BigInt(a.nonce)),
          yParity: Number(BigInt(a.yParity)),
          r: a.r,
          s: a.s,
        })),
      }
      break
    default:
      return null
  }
  return serializeTransaction(unsigned, { r: tx.r, s: tx.s, yParity })
}
