import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAnvil, type Anvil } from '../../chain/startAnvil.js'
import { deployDevnet } from '../../devnet/deployDevnet.js'
import { parseManifest, writeManifest, type Manifest } from '../../devnet/manifest.js'
import { runArb } from '../runArb.js'

const dir = mkdtempSync(join(tmpdir(), 'arb-pools-cli-'))
let anvil: Anvil
let manifest: Manifest
const manifestPath = join(dir, 'manifest.json')
const db = join(dir, 'pools.duckdb')

beforeAll(async () => {
  anvil = await startAnvil()
  manifest = await deployDevnet(anvil)
  await writeManifest(manifestPath, manifest)
}, 120_000)
afterAll(async () => {
  await anvil?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const arb = async (...args: string[]) => runArb(args).done

describe('arb pools', () => {
  it('discovers, screens, lists and writes a manifest of the tradable pools', async () => {
    const discover = await arb('pools', 'discover', '--rpc-url', anvil.rpcUrl, '--from', '0', '--manifest', manifestPath, '--db', db, '--min-liquidity', 'WETH=1,USDC=1')
    expect(discover.stderr).not.toContain('error')
    expect(discover.code).toBe(0)
    expect(discover.stdout).toMatch(/chain 31337: 37 new pools, 37 pools, 35 liquid, 10 new tokens/)

    const screen = await arb('pools', 'screen', '--rpc-url', anvil.rpcUrl, '--db', db)
    expect(screen.code).toBe(0)
    expect(screen.stdout).toMatch(/fee-on-transfer/)
    expect(screen.stdout).toMatch(/screened \d+ tokens: \d+ ok, 3 flagged, 0 not screenable/)

    const excluded = await arb('pools', 'list', '--excluded', '--chain-id', '31337', '--db', db)
    expect(excluded.code).toBe(0)
    expect(excluded.stdout).toMatch(/flagged-token:transfer-reverts/)
    expect(excluded.stdout).toMatch(/illiquid/)

    const out = join(dir, 'universe.json')
    const written = await arb('pools', 'manifest', '--chain-id', '31337', '--base', manifestPath, '--out', out, '--db', db)
    expect(written.code).toBe(0)
    const m = parseManifest(JSON.parse(readFileSync(out, 'utf8')))
    // Liquid by the floors (a WETH or USDC side), and no flagged token but TAX, whose constant 5% tax routes use.
    const cases = manifest.screeningCases!
    const flagged = new Set([cases.REB!.address, cases.HONEY!.address] as string[])
    expect(m.pools.length).toBe(33) // 37 less LTA/LTB on two venues and the rebasing and honeypot cases
    // The three-token Balancer pool is written with all its tokens.
    expect(m.pools.filter((p) => p.tokens).map((p) => p.tokens!.length)).toEqual([3])
    for (const p of m.pools) expect(flagged.has(p.token0) || flagged.has(p.token1)).toBe(false)
    expect(m.pools.filter((p) => p.token0 === cases.TAX!.address || p.token1 === cases.TAX!.address).map((p) => [p.address, p.venue])).toEqual([[cases.TAX!.pair, 'uniswap-v2']])
    expect(Object.values(m.tokens).find((t) => t.address === cases.TAX!.address)?.transferTaxBps).toBe(500)
  }, 180_000)

  it('names the argument and the expected form on bad input, without a stack trace', async () => {
    const bad = await arb('pools', 'discover', '--rpc-url', anvil.rpcUrl, '--from', '0', '--manifest', manifestPath, '--db', db, '--min-liquidity', 'WETH=lots')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/Invalid --min-liquidity: expected TOKEN=AMOUNT/)
    expect(bad.stderr).not.toMatch(/\n\s+at /)
    const from = await arb('pools', 'discover', '--rpc-url', anvil.rpcUrl, '--from', 'genesis', '--manifest', manifestPath, '--db', db)
    expect(from.stderr).toMatch(/Invalid --from: expected a block number/)
  }, 60_000)
})
