import type { Address, Hex } from 'viem'

/** A bundle as the local builder keeps it, parsed from `eth_sendBundle`. */
export type Bundle = {
  /** keccak256 of the transaction hashes concatenated (the hash `eth_sendBundle` answers). */
  readonly bundleHash: Hex
  /** Signed transactions, executed in this order with nothing between them. */
  readonly txs: readonly Hex[]
  /** keccak256 of each signed transaction, lowercase. */
  readonly txHashes: readonly Hex[]
  /** The only block this bundle may be included in. */
  readonly blockNumber: bigint
  /** Earliest and latest block timestamp (seconds) it may be included at; undefined = unbounded. */
  readonly minTimestamp?: bigint
  readonly maxTimestamp?: bigint
  /** Transactions (lowercase hashes) allowed to revert; any other reverting transaction drops the bundle. */
  readonly revertingTxHashes: ReadonlySet<string>
  /** Replacement id, scoped to the signer: a later bundle with the same id replaces it, eth_cancelBundle drops it. */
  readonly replacementUuid?: string
  /** Address of the X-Flashbots-Signature key that sent it. */
  readonly signer: Address
  /** Arrival order, to break ties between equal bids (earlier first). */
  readonly seq: number
}
