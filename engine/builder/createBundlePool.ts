import type { Address } from 'viem'
import type { Bundle } from './Bundle.js'

/** Bundles waiting for their block, with Flashbots' replacement and cancellation rules. */
export type BundlePool = {
  /**
   * Adds a bundle. A bundle with the same `replacementUuid` from the same signer replaces the earlier one
   * (whatever block it targeted). Re-sending the same bundle (same hash, block and signer) is a no-op.
   */
  add(bundle: Bundle): void
  /** Drops the signer's bundles sent with this `replacementUuid`; returns how many were dropped. */
  cancel(signer: Address, replacementUuid: string): number
  /** Bundles that target `blockNumber`, in arrival order. */
  forBlock(blockNumber: bigint): Bundle[]
  /** Forgets bundles for blocks up to and including `blockNumber` (already built). */
  prune(blockNumber: bigint): void
  /** Every pending bundle, in arrival order. */
  all(): Bundle[]
}

/**
 * The local builder's bundle store. Replacement ids are scoped to the signing address, as builders identify
 * searchers by their X-Flashbots-Signature key: nobody can cancel another searcher's bundle.
 */
export function createBundlePool(): BundlePool {
  let bundles: Bundle[] = []
  const sameUuid = (b: Bundle, signer: Address, uuid: string) => b.replacementUuid === uuid && b.signer.toLowerCase() === signer.toLowerCase()
  return {
    add(bundle) {
      if (bundle.replacementUuid !== undefined) bundles = bundles.filter((b) => !sameUuid(b, bundle.signer, bundle.replacementUuid!))
      const duplicate = bundles.some(
        (b) => b.bundleHash === bundle.bundleHash && b.blockNumber === bundle.blockNumber && b.signer.toLowerCase() === bundle.signer.toLowerCase(),
      )
      if (!duplicate) bundles.push(bundle)
    },
    cancel(signer, uuid) {
      const before = bundles.length
      bundles = bundles.filter((b) => !sameUuid(b, signer, uuid))
      return before - bundles.length
    },
    forBlock: (blockNumber) => bundles.filter((b) => b.blockNumber === blockNumber),
    prune(blockNumber) {
      bundles = bundles.filter((b) => b.blockNumber > blockNumber)
    },
    all: () => [...bundles],
  }
}
