import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../errors/ConfigError.js'
import { mainnetProfile } from './mainnetProfile.js'
import { parseManifest, readManifest, writeManifest } from './manifest.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'manifest-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const failure = async (p: Promise<unknown>) => {
  const e = await p.catch((err: unknown) => err)
  expect(e).toBeInstanceOf(ConfigError)
  return e as ConfigError
}

describe('manifest', () => {
  it('round-trips through writeManifest/readManifest', async () => {
    const path = join(dir, 'a', 'm.json')
    await writeManifest(path, mainnetProfile)
    expect(await readManifest(path)).toEqual(mainnetProfile)
  })

  it('names the bad field: a checksummed (not lower-case) address', async () => {
    const path = join(dir, 'bad-address.json')
    const bad = structuredClone(mainnetProfile)
    bad.pools[2]!.address = '0x0d4a11d5EEaaC28EC3F61d100daF4d40471f1852' as never
    await writeFile(path, JSON.stringify(bad))
    const e = await failure(readManifest(path))
    expect(e.field).toBe(`${path}.pools[2].address`)
    expect(e.expected).toMatch(/lower-case/)
  })

  it('names a missing field, an unknown venue and unordered pool tokens', async () => {
    const path = join(dir, 'bad.json')
    const { aave: _aave, ...noAave } = structuredClone(mainnetProfile)
    await writeFile(path, JSON.stringify(noAave))
    expect((await failure(readManifest(path))).field).toBe(`${path}.aave`)

    const venue = structuredClone(mainnetProfile)
    ;(venue.pools[0] as { venue: string }).venue = 'curve'
    await writeFile(path, JSON.stringify(venue))
    expect((await failure(readManifest(path))).field).toBe(`${path}.pools[0].venue`)

    const order = structuredClone(mainnetProfile)
    const p = order.pools[0]!
    ;[p.token0, p.token1] = [p.token1, p.token0]
    await writeFile(path, JSON.stringify(order))
    expect((await failure(readManifest(path))).field).toBe(`${path}.pools[0].token1`)
  })

  it('takes a Balancer pool\'s full token list (3..8, ascending, starting with token0/token1) and names what is wrong', () => {
    const [a, b, c] = ['0x' + '1'.repeat(40), '0x' + '2'.repeat(40), '0x' + '3'.repeat(40)] as const
    const withPool = (pool: Record<string, unknown>) => ({ ...structuredClone(mainnetProfile), pools: [pool] })
    const balancer = { address: '0x' + '4'.repeat(40), venue: 'balancer-v2', fee: 3000, token0: a, token1: b, id: '0x' + '5'.repeat(64) }
    expect(parseManifest(withPool({ ...balancer, tokens: [a, b, c] })).pools[0]!.tokens).toEqual([a, b, c])
    expect(parseManifest(withPool(balancer)).pools[0]!.tokens).toBeUndefined()
    const fieldOf = (pool: Record<string, unknown>) => {
      try {
        parseManifest(withPool(pool))
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError)
        return [(error as ConfigError).field, (error as ConfigError).expected]
      }
      throw new Error('accepted')
    }
    expect(fieldOf({ ...balancer, tokens: [a, c, b] })[0]).toBe('manifest.pools[0].tokens')
    expect(fieldOf({ ...balancer, tokens: [a, b, b] })[1]).toMatch(/ascending/)
    expect(fieldOf({ ...balancer, tokens: [a, b] })[0]).toMatch(/^manifest\.pools\[0\]\.tokens/)
    expect(fieldOf({ ...balancer, tokens: Array.from({ length: 9 }, (_, k) => '0x' + String(k + 1).repeat(40)) })[0]).toMatch(/^manifest\.pools\[0\]\.tokens/)
    expect(fieldOf({ ...balancer, venue: 'uniswap-v4', tickSpacing: 60, tokens: [a, b, c] })[1]).toMatch(/two tokens/)
  })

  it('reports a missing file and bad JSON as ConfigError', async () => {
    expect((await failure(readManifest(join(dir, 'nope.json')))).field).toBe('manifest')
    const path = join(dir, 'broken.json')
    await writeFile(path, '{ "chainId": 1,')
    expect((await failure(readManifest(path))).expected).toBe('valid JSON')
  })

  it('writeManifest refuses an invalid manifest', async () => {
    const bad = { ...mainnetProfile, chainId: -1 }
    expect((await failure(writeManifest(join(dir, 'x.json'), bad))).field).toBe('manifest.chainId')
  })
})
