import type { Address, Hex } from 'viem'
import { DevnetError } from '../errors/DevnetError.js'
import type { Artifact } from './loadArtifact.js'

/**
 * Returns the artifact's creation code with every library placeholder (`__$<34 hex>$__`) replaced by the
 * address of the deployed library, at the byte offsets its `linkReferences` give. Throws a DevnetError
 * naming the library when one is missing, so an unlinked contract is never deployed.
 *
 * @example
 * const code = linkBytecode(loadArtifact('FlashLoanLogic'), { BorrowLogic: borrowLogicAddress })
 */
export function linkBytecode(artifact: Artifact, libraries: Record<string, Address>): Hex {
  let hex = artifact.bytecode.slice(2)
  for (const byLib of Object.values(artifact.linkReferences)) {
    for (const [lib, refs] of Object.entries(byLib)) {
      const address = libraries[lib]
      if (!address) {
        throw new DevnetError(`${artifact.name} needs library ${lib}, which was not given`, { step: 'link' })
      }
      const raw = address.slice(2).toLowerCase()
      for (const { start, length } of refs) {
        if (length !== 20) throw new DevnetError(`${artifact.name}: link reference to ${lib} is ${length} bytes, expected 20`, { step: 'link' })
        hex = hex.slice(0, start * 2) + raw + hex.slice((start + length) * 2)
      }
    }
  }
  if (hex.includes('__')) {
    throw new DevnetError(`${artifact.name} still has an unlinked library placeholder`, { step: 'link', details: hex.match(/__\$?[0-9a-fA-F]{0,34}\$?__/)?.[0] })
  }
  return `0x${hex}`
}
