import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseConfig } from '../config/parseConfig.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import { startAnvil } from '../chain/startAnvil.js'
import { createForkExecutor, type Executor } from '../executors/createForkExecutor.js'
import { createScenarioSource, type ScenarioSource } from '../sources/scenario/createScenarioSource.js'
import { openStore, type Store } from '../store/openStore.js'
import { runBacktest } from './runBacktest.js'

let source: ScenarioSource
let executor: Executor
let store: Store
const dir = mkdtempSync(join(tmpdir(), 'arb-planted-'))

beforeAll(async () => {
  // The pool addresses are the devnet's (fixed by the deployment order), so a throwaway devnet names them.
  const scratch = await startAnvil()
  const m = await deployDevnet(scratch)
  await scratch.stop()
  const pool = (venue: string, a: string, b: string, fee: number) => {
    const [x, y] = [m.tokens[a]!.address, m.tokens[b]!.address].sort()
    return m.pools.find((p) => p.venue === venue && p.fee === fee && p.token0 === x && p.token1 === y)!.address
  }
  source = await createScenarioSource({
    scenario: 'calm',
    blocks: 30,
    seed: 11,
    plant: [
      { block: 5, pool: pool('uniswap-v2', 'WETH', 'USDC', 3000), sizeBps: 800 },
      { block: 12, pool: pool('sushiswap', 'WETH', 'USDT', 3000), sizeBps: 1200, zeroForOne: false },
      { block: 20, pool: pool('uniswap-v3', 'WETH', 'USDC', 3000), sizeBps: 1500 },
      { block: 26, pool: pool('uniswap-v2', 'WBTC', 'WETH', 3000), sizeBps: 1000 },
    ],
  })
  executor = await createForkExecutor({ sourceRpcUrl: source.rpcUrl, manifest: source.manifest })
  store = await openStore({ path: join(dir, 'planted.duckdb') })
}, 240_000)

afterAll(async () => {
  await store?.close()
  await executor?.close()
  await source?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('a scenario with planted opportunities', () => {
  it('finds and executes every planted one with the predicted profit', async () => {
    expect(source.generated.planted).toHaveLength(4)
    const config = parseConfig({ strategies: [{ name: 'spatial' }, { name: 'triangular' }, { name: 'multi-hop', maxHops: 3 }], execution: { mode: 'flash' } })
    const result = await runBacktest({ source, config, store, executor, sourceSpec: { kind: 'scenario', scenario: 'calm', blocks: 30, seed: 11 } })
    expect(result.status).toBe('completed')

    const manifest = source.manifest
    const venueOf = (pool: string) => manifest.pools.find((p) => p.address === pool.toLowerCase())!
    for (const plant of source.generated.planted) {
      const p = venueOf(plant.pool)
      const tag = p.venue === 'uniswap-v3' ? `uniswap-v3:${p.fee}` : p.venue
      const [best] = await store.query<{ route: string; expected_profit: bigint; simulated_profit: bigint; realized_profit: bigint; flash_fee: bigint; builder_payment: bigint; success: boolean }>(
        `SELECT o.route, o.expected_profit, s.simulated_profit, e.realized_profit, e.flash_fee, e.builder_payment, e.success
         FROM opportunities o JOIN simulations s USING (run_id, opportunity_id) JOIN executions e USING (run_id, opportunity_id)
         WHERE o.run_id = ? AND o.block_number = ? AND o.route LIKE ? ORDER BY o.opportunity_id LIMIT 1`,
        [result.runId, plant.blockNumber, `%[${tag}]%`],
      )
      expect(best, `planted trade on ${tag} at block ${plant.blockNumber}`).toBeDefined()
      expect(best!.success).toBe(true)
      // The strategy's exact quote is what the fork paid out, less Aave's premium (and the builder's cut, paid from it).
      expect(best!.realized_profit).toBe(best!.simulated_profit)
      expect(best!.realized_profit + best!.builder_payment).toBe(best!.expected_profit - best!.flash_fee)
      expect(best!.realized_profit).toBeGreaterThan(0n)
    }
    // Every trade, planted or not (including those after an earlier trade of the same block, simulated on the
    // fork), used exactly the gas its simulation predicted.
    const [gas] = await store.query<{ n: bigint; same: bigint }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE s.gas_used = e.gas_used AND s.simulated_profit = e.realized_profit) AS same
       FROM executions e JOIN simulations s USING (run_id, opportunity_id) WHERE e.run_id = ? AND e.success`,
      [result.runId],
    )
    expect(gas!.n).toBeGreaterThanOrEqual(4n)
    expect(gas!.same).toBe(gas!.n)
  }, 240_000)
})
