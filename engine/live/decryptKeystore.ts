import { createDecipheriv, pbkdf2Sync, scryptSync, timingSafeEqual } from 'node:crypto'
import { keccak256, type Hex } from 'viem'
import { LiveError } from '../errors/LiveError.js'

/** A JSON V3 keystore (Web3 Secret Storage): what geth, cast wallet and MetaMask export. */
export type KeystoreV3 = {
  version: 3
  address?: string
  crypto: {
    cipher: 'aes-128-ctr'
    ciphertext: string
    cipherparams: { iv: string }
    kdf: 'scrypt' | 'pbkdf2'
    kdfparams: { dklen: number; salt: string; n?: number; r?: number; p?: number; c?: number; prf?: string }
    mac: string
  }
}

/**
 * Decrypts a V3 keystore with its password (Web3 Secret Storage): derive the key with scrypt or PBKDF2-SHA256,
 * check keccak256(derivedKey[16..32] ‖ ciphertext) against `mac`, then AES-128-CTR with derivedKey[0..16].
 * A wrong password or a corrupt file is a LiveError `keystore` that never contains the password or the key.
 */
export function decryptKeystore(json: unknown, password: string): Hex {
  const ks = json as KeystoreV3
  const c = (ks as { crypto?: KeystoreV3['crypto']; Crypto?: KeystoreV3['crypto'] })?.crypto ?? (ks as { Crypto?: KeystoreV3['crypto'] })?.Crypto
  if (!ks || ks.version !== 3 || !c) throw new LiveError('keystore', 'The keystore is not a JSON V3 keystore', { details: 'expected {"version":3,"crypto":{…}}' })
  if (c.cipher !== 'aes-128-ctr') throw new LiveError('keystore', `Unsupported keystore cipher ${String(c.cipher)}`, { details: 'expected aes-128-ctr' })
  const p = c.kdfparams
  const salt = Buffer.from(p.salt, 'hex')
  let derived: Buffer
  if (c.kdf === 'scrypt') {
    const N = p.n ?? 0
    derived = scryptSync(password.normalize('NFKC'), salt, p.dklen, { N, r: p.r, p: p.p, maxmem: 128 * N * (p.r ?? 8) * 2 + 1024 * 1024 })
  } else if (c.kdf === 'pbkdf2') {
    if (p.prf !== 'hmac-sha256') throw new LiveError('keystore', `Unsupported keystore PBKDF2 prf ${String(p.prf)}`, { details: 'expected hmac-sha256' })
    derived = pbkdf2Sync(password.normalize('NFKC'), salt, p.c ?? 0, p.dklen, 'sha256')
  } else {
    throw new LiveError('keystore', `Unsupported keystore kdf ${String(c.kdf)}`, { details: 'expected scrypt or pbkdf2' })
  }
  const ciphertext = Buffer.from(c.ciphertext, 'hex')
  const mac = Buffer.from(keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext])).slice(2), 'hex')
  const expected = Buffer.from(c.mac, 'hex')
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) {
    throw new LiveError('keystore', 'Wrong keystore password (or corrupt keystore): the MAC does not match')
  }
  const decipher = createDecipheriv('aes-128-ctr', derived.subarray(0, 16), Buffer.from(c.cipherparams.iv, 'hex'))
  const key = Buffer.concat([decipher.update(ciphertext), decipher.final()])
  if (key.length !== 32) throw new LiveError('keystore', 'The keystore does not hold a 32-byte private key')
  return `0x${key.toString('hex')}`
}
