import type { Address, Hex } from 'viem'
import { keccak256 } from 'viem'
import { RpcResponseError, type RpcClient } from '../chain/createRpcClient.js'
import { BuilderError } from '../errors/BuilderError.js'

/** One transaction of a trial block: where it went and what it did. */
export type TrialTx = {
  readonly hash: Hex
  /** Mined in the block (false: Anvil refused it, or it could not execute: nonce, balance, fee). */
  readonly included: boolean
  /** Why Anvil refused it at `eth_sendRawTransaction` (nonce too low, insufficient funds…). */
  readonly sendError?: string
  readonly index?: number
  readonly status?: 'success' | 'reverted'
  readonly gasUsed?: bigint
  readonly effectiveGasPrice?: bigint
  readonly from?: Address
  readonly to?: Address | null
}

/** A block mined from exactly the given transactions, in that order. */
export type TrialBlock = {
  readonly number: bigint
  readonly hash: Hex
  readonly timestamp: bigint
  readonly miner: Address
  readonly baseFee: bigint
  /** Hashes in block order. */
  readonly transactions: readonly Hex[]
  /** Every transaction sent, by lowercase hash. */
  readonly txs: ReadonlyMap<string, TrialTx>
  /** Change of the fee recipient's balance over the block: priority fees plus direct payments (wei). */
  readonly coinbaseDelta: bigint
}

type RpcBlock = { number: Hex; hash: Hex; timestamp: Hex; miner: Address; baseFeePerGas?: Hex; transactions: Hex[] }
type RpcReceipt = { transactionHash: Hex; transactionIndex: Hex; status: Hex; gasUsed: Hex; effectiveGasPrice: Hex; from: Address; to: Address | null }

/**
 * Mines one block on the Anvil behind `rpc` holding `txs` in this order (the node must run with
 * `--order fifo` and automine off) at `timestamp` (and `baseFee` when given), reads what happened, and,
 * unless `keep`, reverts the node to where it was. Anvil's transaction pool is emptied first, so nothing else
 * slips into the block. `inspect` runs on the mined block before the revert (to trace its transactions).
 */
export async function runTrialBlock<T = undefined>(
  rpc: RpcClient,
  options: { txs: readonly Hex[]; timestamp: bigint; baseFee?: bigint; keep?: boolean; inspect?: (block: TrialBlock) => Promise<T> },
): Promise<{ block: TrialBlock; inspected: T | undefined }> {
  const snapshot = options.keep ? undefined : await rpc.request<Hex>('evm_snapshot')
  try {
    await rpc.request('anvil_dropAllTransactions')
    const sendErrors = new Map<string, string>()
    for (const raw of options.txs) {
      try {
        await rpc.request('eth_sendRawTransaction', [raw])
      } catch (e) {
        if (!(e instanceof RpcResponseError)) throw e
        sendErrors.set(keccak256(raw).toLowerCase(), e.shortMessage.replace(/^eth_sendRawTransaction failed: /, ''))
      }
    }
    await rpc.request('evm_setNextBlockTimestamp', [Number(options.timestamp)])
    if (options.baseFee !== undefined) await rpc.request('anvil_setNextBlockBaseFeePerGas', [`0x${options.baseFee.toString(16)}`])
    await rpc.request('evm_mine')
    const raw = await rpc.request<RpcBlock>('eth_getBlockByNumber', ['latest', false])
    const number = BigInt(raw.number)
    const [receipts, balances] = await Promise.all([
      rpc.batch<RpcReceipt[]>(raw.transactions.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] }))),
      rpc.batch<Hex[]>([
        { method: 'eth_getBalance', params: [raw.miner, `0x${(number - 1n).toString(16)}`] },
        { method: 'eth_getBalance', params: [raw.miner, raw.number] },
      ]),
    ])
    const txs = new Map<string, TrialTx>()
    for (const r of receipts) {
      txs.set(r.transactionHash.toLowerCase(), {
        hash: r.transactionHash,
        included: true,
        index: Number(BigInt(r.transactionIndex)),
        status: BigInt(r.status) === 1n ? 'success' : 'reverted',
        gasUsed: BigInt(r.gasUsed),
        effectiveGasPrice: BigInt(r.effectiveGasPrice),
        from: r.from,
        to: r.to,
      })
    }
    for (const tx of options.txs) {
      const hash = keccak256(tx).toLowerCase()
      if (txs.has(hash)) continue
      const sendError = sendErrors.get(hash)
      txs.set(hash, { hash: hash as Hex, included: false, ...(sendError ? { sendError } : {}) })
    }
    // A transaction Anvil accepted but could not mine (a nonce gap, a fee under the base fee) must not
    // ride along into a later block.
    await rpc.request('anvil_dropAllTransactions')
    const block: TrialBlock = {
      number,
      hash: raw.hash,
      timestamp: BigInt(raw.timestamp),
      miner: raw.miner,
      baseFee: BigInt(raw.baseFeePerGas ?? '0x0'),
      transactions: raw.transactions,
      txs,
      coinbaseDelta: BigInt(balances[1]!) - BigInt(balances[0]!),
    }
    const inspected = options.inspect ? await options.inspect(block) : undefined
    return { block, inspected }
  } finally {
    if (snapshot !== undefined) {
      const ok = await rpc.request<boolean>('evm_revert', [snapshot])
      if (!ok) throw new BuilderError(`evm_revert to snapshot ${snapshot} failed`, { details: 'the Anvil behind the builder lost its snapshot' })
    }
  }
}
