import { readFile } from 'node:fs/promises'
import { isHex, type Hex } from 'viem'
import { privateKeyToAccount, type PrivateKeyAccount } from 'viem/accounts'
import { LiveError } from '../errors/LiveError.js'
import { decryptKeystore } from './decryptKeystore.js'

export type LoadAccountOptions = {
  /** JSON V3 keystore file; its password comes from `passwordEnv`. */
  keystore?: string
  /** Environment (default process.env). */
  env?: NodeJS.ProcessEnv
  /** Variable holding a raw private key. Default ARB_PRIVATE_KEY. */
  keyEnv?: string
  /** Variable holding the keystore password. Default ARB_KEYSTORE_PASSWORD. */
  passwordEnv?: string
}

/**
 * The signing account of live mode: from an encrypted keystore file (+ password variable), else from the
 * ARB_PRIVATE_KEY variable. The key stays inside the viem account: never printed, logged or stored, and no
 * error message contains it.
 */
export async function loadAccount(options: LoadAccountOptions = {}): Promise<PrivateKeyAccount> {
  const env = options.env ?? process.env
  const keyEnv = options.keyEnv ?? 'ARB_PRIVATE_KEY'
  const passwordEnv = options.passwordEnv ?? 'ARB_KEYSTORE_PASSWORD'
  let key: string | undefined
  if (options.keystore) {
    const password = env[passwordEnv]
    if (password === undefined) throw new LiveError('no-key', `The keystore needs its password in ${passwordEnv}`)
    let json: unknown
    try {
      json = JSON.parse(await readFile(options.keystore, 'utf8'))
    } catch (cause) {
      throw new LiveError('keystore', `Cannot read keystore ${options.keystore}`, { details: (cause as Error).message.replace(password, '***') })
    }
    key = decryptKeystore(json, password)
  } else {
    key = env[keyEnv]?.trim()
    if (!key) throw new LiveError('no-key', `Live mode needs a key: set ${keyEnv} or pass --keystore FILE with ${passwordEnv}`)
    if (!key.startsWith('0x')) key = `0x${key}`
  }
  const where = options.keystore ? 'the keystore' : keyEnv
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
