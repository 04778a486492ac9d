import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { startFlakyProxy, type FlakyProxy } from '../chain/testing/startFlakyProxy.js'
import { parseConfig } from '../config/parseConfig.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest } from '../devnet/manifest.js'
import { dumpWethOnV2 } from '../devnet/testing/dumpOnV2.js'
import { createForkExecutor } from '../executors/createForkExecutor.js'
import { createForkSource } from '../sources/fork/createForkSource.js'
import { openStore, type Store } from '../store/openStore.js'
import { runBacktest } from './runBacktest.js'

let chain: Anvil
let manifest: Manifest
let store: Store
let proxy: FlakyProxy
let from: bigint
let to: bigint
const dir = mkdtempSync(join(tmpdir(), 'arb-flaky-'))

beforeAll(async () => {
  chain = await startAnvil()
  manifest = await deployDevnet(chain)
  from = (await chain.publicClient.getBlockNumber()) + 1n
  await chain.request('anvil_mine', ['0x2'])
  await dumpWethOnV2(chain, manifest, 'uniswap-v2', 'USDC', 300n * 10n ** 18n)
  await chain.request('anvil_mine', ['0x2'])
  await dumpWethOnV2(chain, manifest, 'sushiswap', 'USDT', 150n * 10n ** 18n)
  await chain.request('anvil_mine', ['0x2'])
  to = await chain.publicClient.getBlockNumber()
  store = await openStore({ path: join(dir, 'flaky.duckdb') })
  // Anvil's fork client retries HTTP 429/503 but not a reset connection; our own client retries both (createRpcClient.test.ts).
  proxy = await startFlakyProxy(chain.rpcUrl, { seed: 7, dropRate: 0.03, delayRate: 0.1, maxDelayMs: 60, dropAs: 'http-503' })
}, 120_000)

afterAll(async () => {
  await proxy?.close()
  await store?.close()
  await chain?.stop()
  rmSync(dir, { recursive: true, force: true })
})

async function run(rpcUrl: string) {
  const executor = await createForkExecutor({ sourceRpcUrl: rpcUrl, manifest })
  try {
    const config = parseConfig({ strategies: [{ name: 'spatial' }, { name: 'triangular' }], execution: { mode: 'flash' } })
    const r = await runBacktest({ source: await createForkSource({ rpcUrl, manifest, from, to }), config, store, executor, sourceSpec: { kind: 'test' } })
    return store.query(
      `SELECT o.opportunity_id, o.route, o.amount_in, o.expected_profit, s.success AS sim_ok, s.simulated_profit, s.gas_used, e.success, e.realized_profit, e.gas_cost, e.tx_hash, j.reason
       FROM opportunities o LEFT JOIN simulations s USING (run_id, opportunity_id) LEFT JOIN executions e USING (run_id, opportunity_id)
       LEFT JOIN rejections j USING (run_id, opportunity_id) WHERE o.run_id = ? ORDER BY o.opportunity_id`,
      [r.runId],
    )
  } finally {
    await executor.close()
  }
}

describe('a flaky RPC', () => {
  it('dropping and delaying requests yields the same rows as a clean connection', async () => {
    const clean = await run(chain.rpcUrl)
    expect(clean.length).toBeGreaterThan(0)
    const flaky = await run(proxy.url)
    expect(proxy.stats.dropped).toBeGreaterThan(0)
    expect(proxy.stats.delayed).toBeGreaterThan(0)
    expect(flaky).toEqual(clean)
  }, 180_000)
})
