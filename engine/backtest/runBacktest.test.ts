import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { parseConfig } from '../config/parseConfig.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest } from '../devnet/manifest.js'
import { dumpWethOnV2 } from '../devnet/testing/dumpOnV2.js'
import { createForkExecutor, type Executor } from '../executors/createForkExecutor.js'
import { createForkSource } from '../sources/fork/createForkSource.js'
import { openStore, type Store } from '../store/openStore.js'
import { runBacktest } from './runBacktest.js'
import { summarizeRun } from '../readModel/summarizeRun.js'

let chain: Anvil
let manifest: Manifest
let executor: Executor
let store: Store
let from: bigint
let planted: bigint
let to: bigint
const dir = mkdtempSync(join(tmpdir(), 'arb-backtest-'))

beforeAll(async () => {
  chain = await startAnvil()
  manifest = await deployDevnet(chain)
  from = (await chain.publicClient.getBlockNumber()) + 1n
  await chain.request('anvil_mine', ['0x3'])
  await dumpWethOnV2(chain, manifest, 'uniswap-v2', 'USDC', 400n * 10n ** 18n)
  planted = await chain.publicClient.getBlockNumber()
  await chain.request('anvil_mine', ['0x3'])
  to = await chain.publicClient.getBlockNumber()
  executor = await createForkExecutor({ sourceRpcUrl: chain.rpcUrl, manifest })
  store = await openStore({ path: join(dir, 'bt.duckdb') })
}, 120_000)

afterAll(async () => {
  await store?.close()
  await executor?.close()
  await chain?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const rowsOf = (runId: string) =>
  store.query(
    `SELECT o.opportunity_id, o.route, o.amount_in, o.expected_profit, s.simulated_profit, s.gas_used, e.realized_profit, e.gas_cost, e.tx_hash
     FROM opportunities o LEFT JOIN simulations s USING (run_id, opportunity_id) LEFT JOIN executions e USING (run_id, opportunity_id)
     WHERE o.run_id = ? ORDER BY o.opportunity_id`,
    [runId],
  )

describe('runBacktest on the devnet', () => {
  it.each(['flash', 'capital'] as const)('finds the planted V2 mispricing, simulates and executes it on the fork (%s)', async (mode) => {
    const source = await createForkSource({ rpcUrl: chain.rpcUrl, manifest, from, to })
    const config = parseConfig({ strategies: [{ name: 'spatial' }, { name: 'triangular' }], execution: { mode } })
    const result = await runBacktest({ source, config, store, executor, sourceSpec: { kind: 'test' } })
    expect(result.status).toBe('completed')
    expect(result.blocks).toBe(Number(to - from + 1n))

    const blocks = await store.query<{ n: bigint }>('SELECT count(*) AS n FROM blocks WHERE run_id = ?', [result.runId])
    expect(blocks[0]!.n).toBe(to - from + 1n)
    // Every block before the dump is consistent: no opportunity there.
    const early = await store.query<{ n: bigint }>('SELECT count(*) AS n FROM opportunities WHERE run_id = ? AND block_number < ?', [result.runId, planted])
    expect(early[0]!.n).toBe(0n)
    const rows = await store.query<{ token_in: string; block_number: bigint; strategy: string; route: string; expected_profit: bigint; simulated_profit: bigint; realized_profit: bigint; success: boolean; flash_fee: bigint; net_profit: bigint; builder_payment: bigint; outcome: string }>(
      `SELECT o.token_in, o.block_number, o.strategy, o.route, o.expected_profit, s.simulated_profit, e.realized_profit, e.success, e.flash_fee, e.net_profit, e.builder_payment, e.outcome
       FROM opportunities o JOIN simulations s USING (run_id, opportunity_id) JOIN executions e USING (run_id, opportunity_id)
       WHERE o.run_id = ? ORDER BY e.realized_profit DESC`,
      [result.runId],
    )
    expect(rows.length).toBeGreaterThan(0)
    const best = rows[0]!
    expect(best.block_number).toBe(planted)
    expect(best.success).toBe(true)
    expect(best.route).toMatch(/uniswap-v2/)
    // Deterministic replay: what the simulation predicted is what the fork realized, to the base unit.
    expect(best.realized_profit).toBe(best.simulated_profit)
    // The strategy's off-chain math predicted the gross profit; the executor keeps that minus the premium and the
    // builder's cut (the default bid: half of it, paid to the coinbase).
    expect(best.outcome).toBe('won')
    expect(best.builder_payment).toBeGreaterThan(0n)
    if (mode === 'capital') {
      expect(best.flash_fee).toBe(0n)
      expect(best.realized_profit + best.builder_payment).toBe(best.expected_profit)
    } else {
      expect(best.flash_fee).toBeGreaterThan(0n)
      expect(best.realized_profit + best.builder_payment).toBe(best.expected_profit - best.flash_fee)
    }
    expect(best.builder_payment).toBe(((best.realized_profit + best.builder_payment) * 5_000n) / 10_000n)
    expect(best.net_profit).toBeLessThan(best.realized_profit)
    const summary = await summarizeRun(store, result.runId)
    expect(summary.blocks).toBe(result.blocks)
    expect(summary.executedOk).toBe(rows.filter((r) => r.success).length)
    expect(summary.simulationAccuracy).toBe(1)
    expect(summary.exactMatchRate).toBe(1)
    expect(summary.pnl.find((p) => p.token === best.token_in)?.grossProfit).toBe(rows.filter((r) => r.success && r.token_in === best.token_in).reduce((a, r) => a + r.realized_profit, 0n))
    const run = await store.query<{ status: string; next_block: bigint }>('SELECT status, next_block FROM runs WHERE run_id = ?', [result.runId])
    expect(run[0]).toEqual({ status: 'completed', next_block: to + 1n })
  })

  it.each([
    ['without outcome-driven limits (blocks fully parallel)', {}],
    ['with a breaker and a daily loss limit (risk decisions take turns)', { maxConsecutiveFailures: 2, dailyLossLimit: '1' }],
  ])('gives the same rows with two fork executors as with one, %s', async (_, risk) => {
    const config = parseConfig({ strategies: [{ name: 'spatial' }, { name: 'triangular' }], execution: { mode: 'flash' }, risk })
    const one = await runBacktest({ source: await createForkSource({ rpcUrl: chain.rpcUrl, manifest, from, to }), config, store, executor, sourceSpec: { kind: 'test' } })
    const second = await createForkExecutor({ sourceRpcUrl: chain.rpcUrl, manifest })
    try {
      const two = await runBacktest({ source: await createForkSource({ rpcUrl: chain.rpcUrl, manifest, from, to }), config, store, executor: [executor, second], sourceSpec: { kind: 'test' } })
      expect(two.blocks).toBe(one.blocks)
      const a = await rowsOf(one.runId)
      expect(a.length).toBeGreaterThan(0)
      expect(await rowsOf(two.runId)).toEqual(a)
    } finally {
      await second.close()
    }
  })
})
