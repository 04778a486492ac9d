import { createCipheriv, randomBytes, scryptSync } from 'node:crypto'
import { keccak256, type Hex } from 'viem'
import { privateKeyToAddress } from 'viem/accounts'
import type { KeystoreV3 } from '../decryptKeystore.js'

/** Writes a V3 keystore (scrypt, small n for test speed) the way geth does, for tests of decryptKeystore. */
export function encryptKeystore(privateKey: Hex, password: string, n = 1024): KeystoreV3 {
  const salt = randomBytes(32)
  const iv = randomBytes(16)
  const derived = scryptSync(password.normalize('NFKC'), salt, 32, { N: n, r: 8, p: 1 })
  const cipher = createCipheriv('aes-128-ctr', derived.subarray(0, 16), iv)
  const ciphertext = Buffer.concat([cipher.update(Buffer.from(privateKey.slice(2), 'hex')), cipher.final()])
  const mac = keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext])).slice(2)
  return {
    version: 3,
    address: privateKeyToAddress(privateKey).slice(2).toLowerCase(),
    crypto: {
      cipher: 'aes-128-ctr',
      ciphertext: ciphertext.toString('hex'),
      cipherparams: { iv: iv.toString('hex') },
      kdf: 'scrypt',
      kdfparams: { dklen: 32, salt: salt.toString('hex'), n, r: 8, p: 1 },
      mac,
    },
  }
}
