import type { Address } from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import { LiveError } from '../errors/LiveError.js'
import { loadAccount } from '../live/loadAccount.js'

/**
 * The bundle signing key (X-Flashbots-Signature): from a V3 keystore (`keystore`, password in
 * ARB_BUNDLE_KEYSTORE_PASSWORD) or ARB_BUNDLE_SIGNING_KEY. It only identifies the searcher to builders, so it
 * must not be the trading key: passing `tradingAddress` refuses the same key. Never printed or stored.
 */
export async function loadBundleSigner(options: { keystore?: string; env?: NodeJS.ProcessEnv; tradingAddress?: Address } = {}): Promise<PrivateKeyAccount> {
  const env = options.env ?? process.env
  if (!options.keystore && !env.ARB_BUNDLE_SIGNING_KEY?.trim()) {
    throw new LiveError('no-key', 'Bundle submission needs a signing key: set ARB_BUNDLE_SIGNING_KEY or pass a bundle keystore with ARB_BUNDLE_KEYSTORE_PASSWORD', {
      details: 'Any fresh key will do (it holds no funds); it must not be the trading key.',
    })
  }
  const account = await loadAccount({
    ...(options.keystore ? { keystore: options.keystore } : {}),
    env,
    keyEnv: 'ARB_BUNDLE_SIGNING_KEY',
    passwordEnv: 'ARB_BUNDLE_KEYSTORE_PASSWORD',
  })
  if (options.tradingAddress && account.address.toLowerCase() === options.tradingAddress.toLowerCase()) {
    throw new LiveError('no-key', 'The bundle signing key is the trading key', {
      details: 'Use a separate key for ARB_BUNDLE_SIGNING_KEY: it is sent to every builder with each request.',
    })
  }
  return account
}
