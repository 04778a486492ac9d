import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { configHash } from '../config/configHash.js'
import { parseConfig } from '../config/parseConfig.js'
import { gatesCommand } from '../cli/commands/gates.js'
import { runCli } from '../cli/runCli.js'
import { GateError } from '../errors/GateError.js'
import { openStore, type Store } from '../store/openStore.js'
import { evaluateGates } from './evaluateGates.js'
import { requirePassingGates } from './requirePassingGates.js'
import { storeGateResults } from './storeGateResults.js'
import { seedRun, type SeedTrade } from './testing/seedRun.js'

const WETH = '0x00000000000000000000000000000000000000aa'
const USDC = '0x00000000000000000000000000000000000000bb'
const manifestJson = JSON.stringify({ tokens: { WETH: { address: WETH, decimals: 18 }, USDC: { address: USDC, decimals: 6 } } })
const dir = mkdtempSync(join(tmpdir(), 'arb-gates-'))
let store: Store

beforeAll(async () => {
  store = await openStore({ path: join(dir, 'gates.duckdb') })
})
afterAll(async () => {
  await store?.close()
  rmSync(dir, { recursive: true, force: true })
})

const flash = parseConfig({ strategies: [{ name: 'spatial' }], execution: { mode: 'flash' } })
const capital = parseConfig({ strategies: [{ name: 'spatial' }], execution: { mode: 'capital' } })
const trades = (n: number, t: Partial<SeedTrade> = {}): SeedTrade[] =>
  Array.from({ length: n }, () => ({ token: WETH, simulated: 10n ** 16n, realized: 10n ** 16n, gasCostToken: 10n ** 14n, ...t }))

describe('evaluateGates', () => {
  it('passes a flash run that meets every default gate, stores it, and live finds it', async () => {
    await seedRun(store, { runId: 'flash-ok', config: flash, trades: trades(60), manifestJson })
    const ev = await evaluateGates(store, 'flash-ok')
    expect(ev.phase).toBe('flash')
    expect(ev.gates.map((g) => [g.gate, g.passed])).toEqual([
      ['successful trades', true],
      ['simulation accuracy', true],
      ['gas + builder / gross profit', true],
      ['p95 detection (ms)', true],
    ])
    expect(ev.gates[1]!.value).toBe(1)
    expect(ev.gates[2]!.value).toBeCloseTo(0.01)
    await storeGateResults(store, ev)
    await storeGateResults(store, ev) // re-evaluation replaces, never duplicates
    const rows = await store.query<{ n: bigint }>("SELECT count(*) AS n FROM gate_results WHERE run_id = 'flash-ok'")
    expect(rows[0]!.n).toBe(4n)
    expect(await requirePassingGates(store, configHash(flash), 31337)).toBe('flash-ok')
    // Another chain id does not count.
    await expect(requirePassingGates(store, configHash(flash), 1)).rejects.toThrow(/no gate evaluation was run/)
  })

  it('measures accuracy as 1 − Σ|realized − simulated| / Σ|simulated| and cost share per token', async () => {
    const t = [
      { token: WETH, simulated: 100n, realized: 90n, gasCostToken: 10n },
      { token: WETH, simulated: 100n, realized: 100n, gasCostToken: 0n },
      { token: USDC, simulated: 1000n, realized: 1000n, gasCostToken: 100n },
    ]
    await seedRun(store, { runId: 'flash-acc', config: flash, trades: t, manifestJson })
    const ev = await evaluateGates(store, 'flash-acc')
    expect(ev.gates.find((g) => g.gate === 'simulation accuracy')!.value).toBeCloseTo(1 - 10 / 1200)
    // WETH 10/190, USDC 100/1000: the worst token decides.
    expect(ev.gates.find((g) => g.gate.startsWith('gas'))!.value).toBeCloseTo(0.1)
    expect(ev.passed).toBe(false)
  })

  it('fails a capital run with too few trades, a revert, a loss and slow execution, naming each gate', async () => {
    const t: SeedTrade[] = [
      ...trades(3, { latencyMs: 900 }),
      { token: WETH, simulated: 10n, realized: 0n, success: false },
      { token: USDC, simulated: 10n, realized: -5n, gasCostToken: 1n },
    ]
    await seedRun(store, { runId: 'cap-bad', config: capital, trades: t, manifestJson })
    const ev = await evaluateGates(store, 'cap-bad')
    expect(ev.phase).toBe('capital')
    expect(Object.fromEntries(ev.gates.map((g) => [g.gate, g.passed]))).toEqual({
      'successful trades': false,
      'execution success rate': false,
      'net P&L per token': false,
      'p95 opportunity → tx (ms)': false,
      'p95 detection (ms)': true,
    })
    expect(ev.gates[1]!.value).toBeCloseTo(4 / 5)
    expect(ev.gates[2]!.detail).toMatch(/USDC -0.000006/)
  })

  it('`arb gates` prints the table, stores it, and exits 1 listing failing gates; live then names them', async () => {
    await store.close()
    const out: string[] = []
    const err: string[] = []
    const write = [process.stdout.write, process.stderr.write] as const
    process.stdout.write = ((s: string) => (out.push(s), true)) as typeof process.stdout.write
    process.stderr.write = ((s: string) => (err.push(s), true)) as typeof process.stderr.write
    try {
      await runCli(['gates', 'cap-bad', '--db', join(dir, 'gates.duckdb')], [gatesCommand])
    } finally {
      ;[process.stdout.write, process.stderr.write] = write
    }
    expect(process.exitCode).toBe(1)
    process.exitCode = 0
    expect(out.join('')).toMatch(/execution success rate\s+0.8000\s+> 0.9000\s+FAIL/)
    expect(err.join('')).toMatch(/^error: Gates failed for run cap-bad .*successful trades: 4 \(needs >= 10\).*execution success rate/)
    expect(err.join('')).not.toMatch(/\n\s+at /)
    store = await openStore({ path: join(dir, 'gates.duckdb') })
    const e = await requirePassingGates(store, configHash(capital), 31337).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(GateError)
    expect((e as GateError).message).toMatch(/gates failed for config .*successful trades: 4 \(needs threshold 10\)/)
  })

  it('takes thresholds from the config `gates` section and skips reorged opportunities', async () => {
    const lenient = parseConfig({ strategies: [{ name: 'spatial' }], execution: { mode: 'capital' }, gates: { capital: { minTrades: 2 } } })
    expect(configHash(lenient)).toBe(configHash(capital))
    await seedRun(store, { runId: 'cap-lenient', config: lenient, trades: [...trades(2), { token: WETH, simulated: 1n, realized: 0n, success: false, reorged: true }], manifestJson })
    const ev = await evaluateGates(store, 'cap-lenient')
    expect(ev.thresholds.capital.minTrades).toBe(2)
    expect(ev.passed).toBe(true)
    await storeGateResults(store, ev)
    expect(await requirePassingGates(store, configHash(capital), 31337)).toBe('cap-lenient')
  })
})
