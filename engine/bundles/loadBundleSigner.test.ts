import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { LiveError } from '../errors/LiveError.js'
import { encryptKeystore } from '../live/testing/encryptKeystore.js'
import { loadBundleSigner } from './loadBundleSigner.js'

const dir = mkdtempSync(join(tmpdir(), 'arb-bundle-keys-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('loadBundleSigner', () => {
  it('loads ARB_BUNDLE_SIGNING_KEY, never ARB_PRIVATE_KEY', async () => {
    const key = generatePrivateKey()
    const trading = generatePrivateKey()
    const signer = await loadBundleSigner({ env: { ARB_BUNDLE_SIGNING_KEY: key, ARB_PRIVATE_KEY: trading } })
    expect(signer.address).toBe(privateKeyToAccount(key).address)
    const e = await loadBundleSigner({ env: { ARB_PRIVATE_KEY: trading } }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(LiveError)
    expect((e as LiveError).message).toMatch(/set ARB_BUNDLE_SIGNING_KEY/)
    expect((e as LiveError).message).not.toContain(trading.slice(2, 20))
  })

  it('refuses the trading key as the signing key, without printing it', async () => {
    const key = generatePrivateKey()
    const e = await loadBundleSigner({ env: { ARB_BUNDLE_SIGNING_KEY: key }, tradingAddress: privateKeyToAccount(key).address }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(LiveError)
    expect((e as LiveError).message).toMatch(/bundle signing key is the trading key/)
    expect((e as LiveError).message).not.toContain(key.slice(2, 20))
  })

  it('decrypts a keystore with ARB_BUNDLE_KEYSTORE_PASSWORD', async () => {
    const key = generatePrivateKey()
    const file = join(dir, 'bundle.json')
    writeFileSync(file, JSON.stringify(encryptKeystore(key, 'pw')))
    const signer = await loadBundleSigner({ keystore: file, env: { ARB_BUNDLE_KEYSTORE_PASSWORD: 'pw' } })
    expect(signer.address).toBe(privateKeyToAccount(key).address)
    await expect(loadBundleSigner({ keystore: file, env: { ARB_KEYSTORE_PASSWORD: 'pw' } })).rejects.toThrow(/ARB_BUNDLE_KEYSTORE_PASSWORD/)
  })
})
