import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toHex } from 'viem'
import { devAccount } from '../builder/testing/bundleFixtures.js'
import { LiveError } from '../errors/LiveError.js'
import { loadTraderAccounts } from './loadTraderAccounts.js'
import { encryptKeystore } from './testing/encryptKeystore.js'

// Anvil's accounts 2 and 3 (default mnemonic): well-known test keys; the second without its 0x.
const KEY_2 = toHex(devAccount(2).getHdKey().privateKey!)
const KEY_3 = toHex(devAccount(3).getHdKey().privateKey!).slice(2)
const ADDRESS_2 = devAccount(2).address
const ADDRESS_3 = devAccount(3).address
const dir = mkdtempSync(join(tmpdir(), 'arb-trader-keys-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const failure = async (p: Promise<unknown>) => {
  const e = (await p.then(() => undefined, (x: unknown) => x)) as LiveError
  expect(e).toBeInstanceOf(LiveError)
  let text = ''
  for (let c: unknown = e; c; c = (c as Error).cause) text += `${(c as Error).message}\n${(c as LiveError).details ?? ''}\n${(c as Error).stack}\n`
  return { e, text }
}

describe('loadTraderAccounts', () => {
  it('reads ARB_TRADER_KEYS in order (0x optional, spaces trimmed); none set is no extra account', async () => {
    const accounts = await loadTraderAccounts({ env: { ARB_TRADER_KEYS: ` ${KEY_2}, ${KEY_3} ` } })
    expect(accounts.map((a) => a.address)).toEqual([ADDRESS_2, ADDRESS_3])
    expect(await loadTraderAccounts({ env: {} })).toEqual([])
  })

  it('names a bad or empty entry by its position, never echoing any key', async () => {
    const bad = await failure(loadTraderAccounts({ env: { ARB_TRADER_KEYS: `${KEY_2},0x1234abcd` } }))
    expect(bad.e.message).toBe('The private key in ARB_TRADER_KEYS entry 2 is not 32 bytes of hex')
    expect(bad.text).not.toMatch(new RegExp(`1234abcd|${KEY_2.slice(2, 18)}`))
    const empty = await failure(loadTraderAccounts({ env: { ARB_TRADER_KEYS: `${KEY_2},,${KEY_3}` } }))
    expect(empty.e.message).toMatch(/ARB_TRADER_KEYS entry 2 is empty/)
    expect(empty.text).not.toMatch(new RegExp(`${KEY_2.slice(2, 18)}|${KEY_3.slice(0, 16)}`))
  })

  it('refuses more keys than the 16 accounts allow', async () => {
    const keys = Array.from({ length: 16 }, () => KEY_2).join(',')
    const { e } = await failure(loadTraderAccounts({ env: { ARB_TRADER_KEYS: keys } }))
    expect(e.message).toMatch(/ARB_TRADER_KEYS holds 16 keys; at most 15/)
  })

  it('decrypts --trader-keystore files in order with ARB_KEYSTORE_PASSWORD, which take the place of ARB_TRADER_KEYS', async () => {
    const a = join(dir, 'a.json')
    const b = join(dir, 'b.json')
    writeFileSync(a, JSON.stringify(encryptKeystore(`0x${KEY_3}`, 'pw')))
    writeFileSync(b, JSON.stringify(encryptKeystore(KEY_2, 'pw')))
    const accounts = await loadTraderAccounts({ keystores: [a, b], env: { ARB_KEYSTORE_PASSWORD: 'pw', ARB_TRADER_KEYS: KEY_2 } })
    expect(accounts.map((x) => x.address)).toEqual([ADDRESS_3, ADDRESS_2])
    await expect(loadTraderAccounts({ keystores: [a], env: {} })).rejects.toThrow(/password in ARB_KEYSTORE_PASSWORD/)
  })
})
