import type { PrivateKeyAccount } from 'viem/accounts'
import { MAX_BUNDLE_ACCOUNTS } from '../config/configSchema.js'
import { LiveError } from '../errors/LiveError.js'
import { accountFromKey } from './accountFromKey.js'
import { loadAccount } from './loadAccount.js'

export type LoadTraderAccountsOptions = {
  /** JSON V3 keystores of the extra accounts, in order (`--trader-keystore`, repeatable); password in ARB_KEYSTORE_PASSWORD. */
  keystores?: readonly string[]
  /** Environment (default process.env). */
  env?: NodeJS.ProcessEnv
}

/** The variable holding the extra trading keys, comma-separated. */
export const TRADER_KEYS_ENV = 'ARB_TRADER_KEYS'

/**
 * The trading accounts after the first (ARB_PRIVATE_KEY or --keystore) for `execution.bundleAccounts` > 1: from
 * keystore files when given (each decrypted with ARB_KEYSTORE_PASSWORD, like the first), else from ARB_TRADER_KEYS
 * (comma-separated raw keys). None of them is ever printed or stored; an error names the entry (`ARB_TRADER_KEYS
 * entry 2`, the keystore's path), never the key. At most MAX_BUNDLE_ACCOUNTS − 1 of them.
 *
 * @example
 * // ARB_TRADER_KEYS=0x…,0x…
 * const traders = await loadTraderAccounts()
 */
export async function loadTraderAccounts(options: LoadTraderAccountsOptions = {}): Promise<PrivateKeyAccount[]> {
  const env = options.env ?? process.env
  const max = MAX_BUNDLE_ACCOUNTS - 1
  if (options.keystores && options.keystores.length > 0) {
    if (options.keystores.length > max) throw new LiveError('no-key', `At most ${max} --trader-keystore files (execution.bundleAccounts is at most ${MAX_BUNDLE_ACCOUNTS}); got ${options.keystores.length}`)
    const accounts: PrivateKeyAccount[] = []
    for (const keystore of options.keystores) accounts.push(await loadAccount({ keystore, env }))
    return accounts
  }
  const raw = env[TRADER_KEYS_ENV]?.trim()
  if (!raw) return []
  const entries = raw.split(',')
  if (entries.length > max) throw new LiveError('no-key', `${TRADER_KEYS_ENV} holds ${entries.length} keys; at most ${max} (execution.bundleAccounts is at most ${MAX_BUNDLE_ACCOUNTS})`)
  return entries.map((entry, i) => {
    const where = `${TRADER_KEYS_ENV} entry ${i + 1}`
    if (entry.trim() === '') throw new LiveError('no-key', `${where} is empty (expected comma-separated 32-byte hex keys)`)
    return accountFromKey(entry, where)
  })
}
