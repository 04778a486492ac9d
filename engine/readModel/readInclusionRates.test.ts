import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { compareRuns } from '../compare/compareRuns.js'
import { formatComparison } from '../compare/formatComparison.js'
import { parseConfig } from '../config/parseConfig.js'
import { seedRun } from '../gates/testing/seedRun.js'
import { writeSubmissions } from '../bundles/writeSubmissions.js'
import { recordInclusion } from '../bundles/recordInclusion.js'
import type { TrackedSubmission } from '../bundles/trackInclusion.js'
import { openStore, type Store } from '../store/openStore.js'
import { readInclusionRates } from './readInclusionRates.js'
import { summarizeRun } from './summarizeRun.js'

const WETH = '0x00000000000000000000000000000000000000aa'
const HASH = `0x${'ab'.repeat(32)}` as const
const config = parseConfig({ strategies: [{ name: 'spatial' }], execution: { mode: 'flash', submit: 'bundle', builders: [{ name: 'a', url: 'http://a' }, { name: 'b', url: 'http://b' }] } })
let store: Store

/** Opportunity `id` sent to builders a and b for blocks 11 and 12; `landedAt` says where it landed through which builder. */
async function send(id: string, outcome: { a?: 'refused'; landedAt?: bigint; through?: 'a' | 'b' }) {
  const rows: TrackedSubmission[] = []
  for (const builder of ['a', 'b']) {
    for (const targetBlock of [11n, 12n]) {
      const error = builder === 'a' && outcome.a === 'refused' ? 'eth_sendBundle to http://a/ failed: rate limited' : undefined
      const landed = error === undefined && outcome.landedAt === targetBlock && (outcome.through === undefined || outcome.through === builder)
      rows.push({ builder, targetBlock, bundleHash: HASH, ...(error ? { error } : { acceptedHash: HASH }), landed, ...(outcome.landedAt ? { landedBlock: outcome.landedAt, landedIndex: 0 } : {}) })
    }
  }
  await writeSubmissions(store, { runId: 'live', opportunityId: id, submissions: rows })
  await recordInclusion(store, { runId: 'live', opportunityId: id, tracked: rows })
}

beforeAll(async () => {
  store = await openStore({ path: ':memory:' })
  await seedRun(store, {
    runId: 'live',
    mode: 'live',
    config,
    trades: [
      { token: WETH, simulated: 100n, realized: 90n },
      { token: WETH, simulated: 100n, realized: 0n, success: false },
      { token: WETH, simulated: 100n, realized: 0n, success: false },
      // A block the chain dropped: its bundle must not count.
      { token: WETH, simulated: 100n, realized: 90n, reorged: true },
    ],
  })
  // Bundles that did not land paid no gas and have no transaction on chain.
  await store.run("UPDATE executions SET gas_cost = 0, gas_used = 0, tx_hash = NULL, error = 'bundle not included' WHERE opportunity_id IN ('2-0', '3-0')")
  await send('1-0', { landedAt: 12n, through: 'b' })
  await send('2-0', {})
  await send('3-0', { a: 'refused' })
  await send('4-0', { landedAt: 11n })
  await seedRun(store, { runId: 'backtest', config, trades: [{ token: WETH, simulated: 1n, realized: 1n }] })
})
afterAll(async () => {
  await store.close()
})

describe('readInclusionRates', () => {
  it('counts per builder the bundles it took and those that landed through it; non-inclusion cost nothing', async () => {
    expect(await readInclusionRates(store, 'live')).toEqual([
      { builder: 'a', sent: 3, accepted: 2, landed: 0, inclusionRate: 0, notIncludedGasCost: 0n },
      { builder: 'b', sent: 3, accepted: 3, landed: 1, inclusionRate: 1 / 3, notIncludedGasCost: 0n },
    ])
  })

  it('shows what a bundle that did not land paid, if anything did', async () => {
    await store.run("UPDATE executions SET gas_cost = 7 WHERE run_id = 'live' AND opportunity_id = '2-0'")
    const rows = await readInclusionRates(store, 'live')
    expect(rows.map((r) => r.notIncludedGasCost)).toEqual([7n, 7n])
    await store.run("UPDATE executions SET gas_cost = 0 WHERE run_id = 'live' AND opportunity_id = '2-0'")
  })

  it('is in arb compare, with the per-trade simulated and realized profit of both runs', async () => {
    const c = await compareRuns(store, 'backtest', 'live')
    expect(c.inclusion.a).toEqual([])
    expect(c.inclusion.b.map((r) => r.builder)).toEqual(['a', 'b'])
    expect(c.trades.map((t) => [t.opportunityId, t.a?.realized ?? null, t.b?.success ?? null, t.b?.error ?? null])).toEqual([
      ['1-0', 1n, true, null],
      ['2-0', null, false, 'bundle not included'],
      ['3-0', null, false, 'bundle not included'],
    ])
    const text = formatComparison(c)
    expect(text).toMatch(/bundles of B\nbuilder +bundles sent +accepted +landed +inclusion rate/)
    expect(text).toMatch(/2-0 spatial .* not sent .*bundle not included/)
  })

  it('leaves bundles that never executed out of the simulation accuracy, not out of the capture rate', async () => {
    const summary = await summarizeRun(store, 'live')
    // Only 1-0 executed (4-0's block was reorged): 1 − |90 − 100| / 100.
    expect(summary.simulationAccuracy).toBeCloseTo(0.9, 12)
    // Every sent trade's edge: 90 of 100 + 100 + 100.
    expect(summary.captureRate).toBeCloseTo(0.3, 12)
  })

  it('is empty for a run that sent no bundle', async () => {
    expect(await readInclusionRates(store, 'backtest')).toEqual([])
  })
})
