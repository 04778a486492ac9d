import { isHex, type Hex } from 'viem'
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { LiveError } from '../errors/LiveError.js'

/**
 * A signing account from a raw private key (`0x` optional), or a LiveError that names `where` the key came from
 * (a variable, a keystore, an entry of a list) and never the key itself, in any form.
 *
 * @example
 * accountFromKey(env.ARB_PRIVATE_KEY!, 'ARB_PRIVATE_KEY')
 */
export function accountFromKey(raw: string, where: string): PrivateKeyAccount {
  let key = raw.trim()
  if (!key.startsWith('0x')) key = `0x${key}`
  if (!isHex(key) || key.length !== 66) throw new LiveError('no-key', `The private key in ${where} is not 32 bytes of hex`)
  // viem's own error for a key outside the curve echoes the key (in decimal): check first, and never keep
  // a cause that could hold it.
  const k = BigInt(key)
  if (k === 0n || k >= SECP256K1_ORDER) throw new LiveError('no-key', `The private key in ${where} is not a valid secp256k1 key (it must be above 0 and below the curve order)`)
  try {
    return privateKeyToAccount(key as Hex)
  } catch {
    throw new LiveError('no-key', `The private key in ${where} is not a valid secp256k1 key`)
  }
}

/** n, the order of secp256k1: a private key is an integer in [1, n). */
const SECP256K1_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
