import { keccak256, type Address, type Hex } from 'viem'
import type { RpcClient } from '../chain/createRpcClient.js'
import type { BuilderEndpoint } from './BuilderEndpoint.js'
import type { BundleSubmission } from './createBundleClient.js'

/** Where a bundle stands once its target block is mined. */
export type Inclusion =
  | { readonly status: 'pending'; readonly targetBlock: bigint }
  | {
      readonly status: 'known'
      readonly targetBlock: bigint
      /** Every transaction of the bundle is in the target block, in order, one after the other. */
      readonly landed: boolean
      /** Where the bundle's first transaction is on chain, if anywhere (it may have landed in another block). */
      readonly landedBlock?: bigint
      readonly landedIndex?: number
      /** Fee recipient of the target block: which builder built it, when builders' addresses are known. */
      readonly blockMiner: Address
    }

/** A submission row with what became of it. */
export type TrackedSubmission = BundleSubmission & {
  readonly landed: boolean
  readonly landedBlock?: bigint
  readonly landedIndex?: number
}

type Receipt = { blockNumber: Hex; transactionIndex: Hex } | null

/**
 * After target block N is mined: did the bundle's transactions land in N (all of them, in bundle order, one
 * after the other), and where is its first transaction if it landed elsewhere. `pending` while the chain has
 * not reached N. Reads receipts and the block header in one batch.
 *
 * @example
 * const inclusion = await trackInclusion(rpc, { txs: bundle.txs, targetBlock: 101n })
 * if (inclusion.status === 'known' && inclusion.landed) console.log(inclusion.landedBlock, inclusion.landedIndex)
 */
export async function trackInclusion(rpc: RpcClient, options: { txs: readonly Hex[]; targetBlock: bigint }): Promise<Inclusion> {
  const { targetBlock } = options
  const hashes = options.txs.map((tx) => keccak256(tx))
  const [head, block, ...receipts] = await rpc.batch<[Hex, { miner: Address } | null, ...Receipt[]]>([
    { method: 'eth_blockNumber' },
    { method: 'eth_getBlockByNumber', params: [`0x${targetBlock.toString(16)}`, false] },
    ...hashes.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })),
  ])
  if (BigInt(head) < targetBlock || block === null) return { status: 'pending', targetBlock }
  const first = receipts[0] ?? null
  const firstBlock = first ? BigInt(first.blockNumber) : undefined
  const firstIndex = first ? Number(BigInt(first.transactionIndex)) : undefined
  const landed =
    firstBlock === targetBlock &&
    receipts.every((r, i) => r !== null && BigInt(r.blockNumber) === targetBlock && Number(BigInt(r.transactionIndex)) === firstIndex! + i)
  return {
    status: 'known',
    targetBlock,
    landed,
    ...(firstBlock !== undefined ? { landedBlock: firstBlock, landedIndex: firstIndex! } : {}),
    blockMiner: block.miner,
  }
}

/**
 * The submissions for one target block with their outcome: landed when the bundle landed in that block and,
 * for a builder whose `feeRecipient` is known, only if that builder built the block.
 */
export function resolveSubmissions(
  submissions: readonly BundleSubmission[],
  inclusion: Extract<Inclusion, { status: 'known' }>,
  builders: readonly BuilderEndpoint[],
): TrackedSubmission[] {
  const byName = new Map(builders.map((b) => [b.name, b]))
  return submissions
    .filter((s) => s.targetBlock === inclusion.targetBlock)
    .map((s) => {
      const recipient = byName.get(s.builder)?.feeRecipient
      const builtIt = recipient === undefined || recipient.toLowerCase() === inclusion.blockMiner.toLowerCase()
      return {
        ...s,
        landed: s.error === undefined && inclusion.landed && builtIt,
        ...(inclusion.landedBlock !== undefined ? { landedBlock: inclusion.landedBlock, landedIndex: inclusion.landedIndex! } : {}),
      }
    })
}
