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
import { historyEvents } from '../sources/historyEvents.js'
import { openStore, type Store } from '../store/openStore.js'
import { runEngine } from './runEngine.js'

let chain: Anvil
let manifest: Manifest
let executor: Executor
let store: Store
let from: bigint
let to: bigint
const dir = mkdtempSync(join(tmpdir(), 'arb-engine-'))

beforeAll(async () => {
  chain = await startAnvil()
  manifest = await deployDevnet(chain)
  from = (await chain.publicClient.getBlockNumber()) + 1n
  // Two planted mispricings a few blocks apart, on two venues.
  await chain.request('anvil_mine', ['0x2'])
  await dumpWethOnV2(chain, manifest, 'uniswap-v2', 'USDC', 400n * 10n ** 18n, { oneBlock: true })
  await chain.request('anvil_mine', ['0x2'])
  await dumpWethOnV2(chain, manifest, 'sushiswap', 'USDC', 300n * 10n ** 18n, { oneBlock: true })
  await chain.request('anvil_mine', ['0x2'])
  to = await chain.publicClient.getBlockNumber()
  executor = await createForkExecutor({ sourceRpcUrl: chain.rpcUrl, manifest })
  store = await openStore({ path: join(dir, 'engine.duckdb') })
}, 120_000)

afterAll(async () => {
  await store?.close()
  await executor?.close()
  await chain?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const rows = (table: string, columns: string, runId: string) => store.query<Record<string, unknown>>(`SELECT ${columns} FROM ${table} WHERE run_id = ? ORDER BY opportunity_id`, [runId])

describe('runEngine', () => {
  it('gives backtest and paper mode the same opportunity, simulation and rejection rows on the same blocks; only sends differ', async () => {
    // One candidate simulated per block: a block's later candidates see the trades before them, which paper mode never makes.
    const config = parseConfig({ strategies: [{ name: 'spatial' }, { name: 'triangular' }], execution: { mode: 'flash' }, risk: { minNetProfit: { WETH: '1000' } } })
    const run = async (mode: 'backtest' | 'paper') =>
      runEngine({
        mode,
        source: historyEvents(await createForkSource({ rpcUrl: chain.rpcUrl, manifest, from, to })),
        config,
        store,
        executors: [executor],
        sourceSpec: { kind: 'test' },
        maxPerBlock: 1,
        holdFor: mode === 'paper' ? () => 'paper' : undefined,
      })
    const backtest = await run('backtest')
    const paper = await run('paper')
    expect(backtest.status).toBe('completed')
    expect(paper.status).toBe('completed')
    expect(backtest.executed).toBeGreaterThanOrEqual(2)
    expect(paper.executed).toBe(0)

    const opp = 'opportunity_id, block_number, strategy, kind, route, token_in, amount_in, expected_profit, execution_mode'
    expect(await rows('opportunities', opp, paper.runId)).toEqual(await rows('opportunities', opp, backtest.runId))
    const sim = 'opportunity_id, success, simulated_profit, gas_used, net_profit, error'
    expect(await rows('simulations', sim, paper.runId)).toEqual(await rows('simulations', sim, backtest.runId))
    // Every rejection of the backtest is the paper run's too; what the backtest executed, paper mode held.
    const paperRejections = await rows('rejections', 'opportunity_id, reason', paper.runId)
    const executed: Record<string, unknown>[] = (await rows("executions", "opportunity_id", backtest.runId)).map((r) => ({ ...r, reason: "paper" }))
    const expected = [...(await rows('rejections', 'opportunity_id, reason', backtest.runId)), ...executed].sort((a, b) => String(a.opportunity_id).localeCompare(String(b.opportunity_id)))
    expect(paperRejections).toEqual(expected)
    expect(await rows('executions', 'opportunity_id', paper.runId)).toEqual([])
    const [runs] = await store.query<{ n: bigint }>("SELECT count(*) AS n FROM runs WHERE run_id IN (?, ?) AND status = 'completed'", [backtest.runId, paper.runId])
    expect(runs!.n).toBe(2n)
  }, 120_000)
})
