import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LiveError } from '../errors/LiveError.js'
import { decryptKeystore } from './decryptKeystore.js'
import { loadAccount } from './loadAccount.js'
import { encryptKeystore } from './testing/encryptKeystore.js'

const KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266'
const dir = mkdtempSync(join(tmpdir(), 'arb-keys-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('loadAccount', () => {
  it('decrypts a V3 scrypt keystore made in the test, and refuses a wrong password without echoing it', async () => {
    const file = join(dir, 'key.json')
    writeFileSync(file, JSON.stringify(encryptKeystore(KEY, 'correct horse')))
    const account = await loadAccount({ keystore: file, env: { ARB_KEYSTORE_PASSWORD: 'correct horse' } })
    expect(account.address).toBe(ADDRESS)
    const e = await loadAccount({ keystore: file, env: { ARB_KEYSTORE_PASSWORD: 'battery staple' } }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(LiveError)
    expect((e as LiveError).message).toMatch(/Wrong keystore password/)
    expect((e as LiveError).message).not.toMatch(/battery|correct|ac0974/)
    await expect(loadAccount({ keystore: file, env: {} })).rejects.toThrow(/password in ARB_KEYSTORE_PASSWORD/)
  })

  it('decrypts the Web3 Secret Storage spec test vector (PBKDF2)', () => {
    // https://ethereum.org/en/developers/docs/data-structures-and-encoding/web3-secret-storage/ (password "testpassword")
    const vector = {
      version: 3,
      crypto: {
        cipher: 'aes-128-ctr',
        cipherparams: { iv: '6087dab2f9fdbbfaddc31a909735c1e6' },
        ciphertext: '5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46',
        kdf: 'pbkdf2',
        kdfparams: { c: 262144, dklen: 32, prf: 'hmac-sha256', salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd' },
        mac: '517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2',
      },
    }
    expect(decryptKeystore(vector, 'testpassword')).toBe('0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d')
  })

  it('reads ARB_PRIVATE_KEY, and says which variable to set when there is none', async () => {
    expect((await loadAccount({ env: { ARB_PRIVATE_KEY: KEY } })).address).toBe(ADDRESS)
    await expect(loadAccount({ env: {} })).rejects.toThrow(/set ARB_PRIVATE_KEY or pass --keystore/)
    const e = await loadAccount({ env: { ARB_PRIVATE_KEY: '0x1234' } }).catch((x: unknown) => x)
    expect((e as Error).message).not.toMatch(/1234/)
  })

  it('refuses a key at or above the curve order (or zero) without the key in any form (issue 12 #13)', async () => {
    const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n
    for (const k of [n, n + 5n, 2n ** 256n - 1n, 0n]) {
      const hex = k.toString(16).padStart(64, '0')
      const e = (await loadAccount({ env: { ARB_PRIVATE_KEY: `0x${hex}` } }).catch((x: unknown) => x)) as LiveError
      expect(e).toBeInstanceOf(LiveError)
      expect(e.message).toMatch(/not a valid secp256k1 key/)
      let text = ''
      for (let c: unknown = e; c; c = (c as Error).cause) text += `${(c as Error).message}\n${(c as Error).stack}\n`
      expect(text).not.toContain(hex)
      if (k > 0n) expect(text).not.toContain(k.toString())
    }
  })
})
