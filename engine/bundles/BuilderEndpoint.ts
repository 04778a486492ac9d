import type { Address } from 'viem'

/**
 * A block builder that takes Flashbots-format bundles. `feeRecipient`, when known, is the address the
 * builder's blocks pay (block.miner): it attributes a landed bundle to this builder rather than another one
 * that was sent the same bundle. Without it, a bundle landing in the target block counts as landed for
 * every builder it was sent to.
 */
export type BuilderEndpoint = {
  readonly name: string
  readonly url: string
  readonly feeRecipient?: Address
}
