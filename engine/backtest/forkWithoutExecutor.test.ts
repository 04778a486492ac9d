import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest } from '../devnet/manifest.js'
import { dumpWethOnV2 } from '../devnet/testing/dumpOnV2.js'
import { runArb } from '../cli/runArb.js'
import { openStore } from '../store/openStore.js'

// A chain that, like mainnet, has the protocols but not our executor: the manifest names no executor and no
// deployer, so the engine deploys ArbExecutor on each fork and trades with flash loans.
let chain: Anvil
let manifest: Manifest
let from: bigint
let planted: bigint
let to: bigint
const dir = mkdtempSync(join(tmpdir(), 'arb-fork-noexec-'))

beforeAll(async () => {
  chain = await startAnvil()
  manifest = await deployDevnet(chain)
  from = (await chain.publicClient.getBlockNumber()) + 1n
  await chain.request('anvil_mine', ['0x2'])
  await dumpWethOnV2(chain, manifest, 'uniswap-v2', 'USDC', 300n * 10n ** 18n)
  planted = await chain.publicClient.getBlockNumber()
  await chain.request('anvil_mine', ['0x2'])
  to = await chain.publicClient.getBlockNumber()
}, 120_000)

afterAll(async () => {
  await chain?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('arb backtest --fork-url on a chain without our executor', () => {
  it('deploys the executor on the fork and executes the planted opportunity with a flash loan', async () => {
    const manifestPath = join(dir, 'manifest.json')
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, executor: null, deployer: null }))
    const db = join(dir, 'fork.duckdb')
    const r = await runArb(['backtest', '--fork-url', chain.rpcUrl, '--from', String(from), '--to', String(to), '--manifest', manifestPath, '--strategy', 'spatial', '--db', db]).done
    expect(r.code, r.stderr).toBe(0)
    const runId = /run id: (\S+)/.exec(r.stdout)![1]!
    const store = await openStore({ path: db, readOnly: true })
    try {
      const rows = await store.query<{ block_number: bigint; success: boolean; realized_profit: bigint; simulated_profit: bigint; flash_fee: bigint; flash_source: string | null }>(
        `SELECT o.block_number, e.success, e.realized_profit, s.simulated_profit, e.flash_fee, e.flash_source FROM opportunities o
         JOIN simulations s USING (run_id, opportunity_id) JOIN executions e USING (run_id, opportunity_id) WHERE o.run_id = ?`,
        [runId],
      )
      expect(rows.length).toBeGreaterThan(0)
      // Nothing before the dump; from the dump on the gap stays on the source chain, so each later block has it too.
      expect(rows.every((x) => x.block_number >= planted)).toBe(true)
      const first = rows.find((x) => x.block_number === planted)!
      expect(first.success).toBe(true)
      expect(first.realized_profit).toBe(first.simulated_profit)
      expect(first.realized_profit).toBeGreaterThan(0n)
      // The cheapest lender holding the start token: V4's flash accounting, free.
      expect(first.flash_source).toBe('uniswap-v4')
      expect(first.flash_fee).toBe(0n)
      const [run] = await store.query<{ source: string }>('SELECT source FROM runs WHERE run_id = ?', [runId])
      expect(JSON.parse(run!.source)).toMatchObject({ kind: 'fork', from: Number(from), to: Number(to) })
    } finally {
      await store.close()
    }
  }, 180_000)
})
