import { readFile } from 'node:fs/promises'
import type { PrivateKeyAccount } from 'viem/accounts'
import { LiveError } from '../errors/LiveError.js'
import { accountFromKey } from './accountFromKey.js'
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
  }
  return accountFromKey(key, options.keystore ? 'the keystore' : keyEnv)
}
