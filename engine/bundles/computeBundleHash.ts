import { concat, keccak256, type Hex } from 'viem'

/**
 * The hash builders answer `eth_sendBundle` with: keccak256 of the bundle's transaction hashes concatenated
 * in bundle order (each hash is keccak256 of the signed transaction's bytes), as Flashbots computes it.
 *
 * @example computeBundleHash([signedTx1, signedTx2]) // '0x…' (32 bytes)
 */
export function computeBundleHash(signedTxs: readonly Hex[]): Hex {
  return keccak256(concat(signedTxs.map((tx) => keccak256(tx))))
}
