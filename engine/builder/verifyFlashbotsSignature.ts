import { getAddress, isAddress, isHex, keccak256, stringToBytes, type Address, type Hex } from 'viem'
import { recoverMessageAddress } from 'viem'

/** What checking an `X-Flashbots-Signature` header decided: the signer, or why the request is refused. */
export type SignatureCheck = { ok: true; signer: Address } | { ok: false; code: 'missing' | 'malformed' | 'mismatch'; detail: string }

/**
 * Checks an `X-Flashbots-Signature: <address>:<signature>` header against the exact request body: the
 * signature must be an EIP-191 personal signature of the hex string keccak256(body) by `<address>`.
 *
 * @example
 * const check = await verifyFlashbotsSignature(req.headers['x-flashbots-signature'], body)
 * if (!check.ok) respond403(check.detail)
 */
export async function verifyFlashbotsSignature(header: string | string[] | undefined, body: string): Promise<SignatureCheck> {
  if (header === undefined || header === '') return { ok: false, code: 'missing', detail: 'missing X-Flashbots-Signature header (expected <address>:<signature>)' }
  const value = Array.isArray(header) ? header[0]! : header
  const colon = value.indexOf(':')
  const address = value.slice(0, colon)
  const signature = value.slice(colon + 1)
  if (colon < 0 || !isAddress(address, { strict: false }) || !isHex(signature) || signature.length !== 132) {
    return { ok: false, code: 'malformed', detail: 'X-Flashbots-Signature: expected <0x address>:<0x 65-byte signature>' }
  }
  let recovered: Address
  try {
    recovered = await recoverMessageAddress({ message: keccak256(stringToBytes(body)), signature: signature as Hex })
  } catch {
    return { ok: false, code: 'malformed', detail: 'X-Flashbots-Signature: the signature cannot be recovered' }
  }
  if (recovered.toLowerCase() !== address.toLowerCase()) {
    return { ok: false, code: 'mismatch', detail: 'X-Flashbots-Signature: the signature does not match the address for this body' }
  }
  return { ok: true, signer: getAddress(address) }
}
