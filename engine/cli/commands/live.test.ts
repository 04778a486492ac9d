import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { toHex } from 'viem'
import { generatePrivateKey } from 'viem/accounts'
import { devAccount } from '../../builder/testing/bundleFixtures.js'
import { startAnvil, type Anvil } from '../../chain/startAnvil.js'
import { loadConfig } from '../../config/loadConfig.js'
import { deployDevnet } from '../../devnet/deployDevnet.js'
import { writeManifest } from '../../devnet/manifest.js'
import { evaluateGates } from '../../gates/evaluateGates.js'
import { storeGateResults } from '../../gates/storeGateResults.js'
import { seedRun } from '../../gates/testing/seedRun.js'
import { openStore } from '../../store/openStore.js'
import { runArb } from '../runArb.js'

// Anvil's well-known dev keys: account 0 owns the devnet's executor; account 4 is never allowed to trade.
const OWNER_KEY = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const STRANGER_KEY = toHex(devAccount(4).getHdKey().privateKey!)
const dir = mkdtempSync(join(tmpdir(), 'arb-live-cli-'))
const db = join(dir, 'live.duckdb')
const configPath = join(dir, 'bundles.json')
const manifestPath = join(dir, 'manifest.json')
let anvil: Anvil

beforeAll(async () => {
  anvil = await startAnvil()
  await writeManifest(manifestPath, await deployDevnet(anvil))
  writeFileSync(
    configPath,
    JSON.stringify({
      strategies: [{ name: 'spatial' }],
      execution: { mode: 'flash', submit: 'bundle', builders: [{ name: 'local', url: 'http://127.0.0.1:9' }], bundleAccounts: 2 },
      gates: { flash: { minTrades: 1, minSimulationAccuracy: 0.5, maxCostShare: 1 }, detection: { maxP95Ms: 1_000 } },
    }),
  )
  // Passing gates for this config, so what is refused below is the accounts.
  const store = await openStore({ path: db })
  try {
    const config = await loadConfig(configPath)
    await seedRun(store, { runId: 'gates', config, trades: [{ token: '0x0000000000000000000000000000000000000001', simulated: 10n, realized: 10n }] })
    await storeGateResults(store, await evaluateGates(store, 'gates'))
  } finally {
    await store.close()
  }
}, 180_000)
afterAll(async () => {
  await anvil?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const live = (traderKeys: string | undefined) =>
  runArb(['live', '--mode', 'live', '--config', configPath, '--rpc-url', anvil.rpcUrl.replace('http', 'ws'), '--manifest', manifestPath, '--db', db], {
    env: { ARB_PRIVATE_KEY: OWNER_KEY, ARB_BUNDLE_SIGNING_KEY: generatePrivateKey(), ARB_TRADER_KEYS: traderKeys ?? '', ARB_LOG_LEVEL: 'silent' },
  }).done

describe('arb live with execution.bundleAccounts', () => {
  it('refuses to start, naming what is wrong with the trading keys, never printing one', async () => {
    const missing = await live(undefined)
    expect(missing.code, missing.stderr).toBe(1)
    expect(missing.stderr).toMatch(/execution\.bundleAccounts is 2 but 1 trading key was given/)

    const bad = await live(`${STRANGER_KEY},0xdeadbeef`)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/The private key in ARB_TRADER_KEYS entry 2 is not 32 bytes of hex/)

    const stranger = await live(STRANGER_KEY)
    expect(stranger.code).toBe(1)
    expect(stranger.stderr).toContain(`Trading account 2 (${devAccount(4).address}) is neither the owner of the executor`)
    for (const r of [missing, bad, stranger]) {
      expect(r.stderr).not.toMatch(/\n\s+at /)
      for (const key of [OWNER_KEY, STRANGER_KEY]) expect(r.stdout + r.stderr).not.toContain(key.slice(2, 18))
      expect(r.stdout + r.stderr).not.toContain('deadbeef')
    }
  }, 120_000)
})
