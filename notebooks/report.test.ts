import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBacktest } from '../engine/backtest/runBacktest.js'
import { reportCommand } from '../engine/cli/commands/report.js'
import { runCli } from '../engine/cli/runCli.js'
import { configHash } from '../engine/config/configHash.js'
import { parseConfig } from '../engine/config/parseConfig.js'
import { createForkExecutor, type Executor } from '../engine/executors/createForkExecutor.js'
import { plantMispricings, type PlantedChain } from '../engine/research/testing/plantMispricings.js'
import { openStore } from '../engine/store/openStore.js'
import { defaultNotebooks } from './notebooks.js'
import { findChromium, openInChromium } from './testing/openInChromium.js'

const dir = mkdtempSync(join(tmpdir(), 'arb-report-'))
const db = join(dir, 'report.duckdb')
const artifacts = join(process.cwd(), 'test-artifacts')
let planted: PlantedChain
let executor: Executor
const runIds: string[] = []

beforeAll(async () => {
  planted = await plantMispricings()
  executor = await createForkExecutor({ sourceRpcUrl: planted.chain.rpcUrl, manifest: planted.manifest })
  const store = await openStore({ path: db })
  try {
    for (const mode of ['flash', 'capital'] as const) {
      const config = parseConfig({ strategies: [{ name: 'spatial' }, { name: 'triangular' }, { name: 'multi-hop' }, { name: 'two-step' }], execution: { mode } })
      const source = await planted.source()
      const { runId } = await runBacktest({ source, config, store, executor, sourceSpec: { kind: 'test', mode } })
      runIds.push(runId)
      // Gate rows as the gate evaluator writes them, so the gate table has something to show.
      await store.append('gate_results', [
        { run_id: runId, config_hash: configHash(config), gate: 'success-rate', value: 1, threshold: 0.9, passed: true, evaluated_at: new Date() },
        { run_id: runId, config_hash: configHash(config), gate: 'min-trades', value: 3, threshold: 50, passed: false, evaluated_at: new Date() },
      ])
    }
  } finally {
    await store.close()
  }
  mkdirSync(artifacts, { recursive: true })
}, 240_000)

afterAll(async () => {
  await executor?.close()
  await planted?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const charts = defaultNotebooks.filter((n) => n.id !== 'gates')

async function report(args: string[]): Promise<string> {
  process.exitCode = undefined
  await runCli(['report', ...args, '--db', db], [reportCommand])
  expect(process.exitCode ?? 0).toBe(0)
  return readFileSync(args[args.indexOf('--out') + 1]!, 'utf8')
}

describe('arb report in headless Chromium', () => {
  it('finds Chromium (CI installs the Debian package)', () => {
    expect(() => findChromium()).not.toThrow()
  })

  it('renders one run: every chart drawn, gate table, no console error, no request, screenshot saved', async () => {
    const out = join(dir, 'report.html')
    const html = await report([runIds[0]!, '--out', out])
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/(src|href)="https?:/i)
    await openInChromium(out, async (page) => {
      expect(page.problems).toEqual([])
      const sections = await page.evaluate<{ id: string; title: string; svgs: number; empty: boolean }[]>(
        `[...document.querySelectorAll('section.notebook')].map((s) => ({ id: s.id, title: s.querySelector('h2').textContent, svgs: s.querySelectorAll('svg[class^="plot"]').length, empty: s.dataset.empty === 'true' }))`,
      )
      expect(sections.map((s) => s.title)).toEqual(defaultNotebooks.map((n) => n.title))
      for (const nb of charts) {
        const s = sections.find((x) => x.id === nb.id)!
        expect({ id: s.id, empty: s.empty }).toEqual({ id: nb.id, empty: false })
        expect(s.svgs, nb.id).toBeGreaterThanOrEqual(1)
      }
      // The chart has drawn data, not just axes: one marker per executed trade in the P&L panel.
      const pnlDots = await page.evaluate<number>(`document.querySelectorAll('#cumulative-pnl g[aria-label="dot"] circle').length`)
      expect(pnlDots).toBeGreaterThan(0)
      const gates = await page.evaluate<string[]>(`[...document.querySelectorAll('#gates table tr')].map((r) => r.className + ':' + r.cells[0].textContent)`)
      expect(gates).toEqual([':gate', 'fail:min-trades', 'pass:success-rate'])
      const height = await page.evaluate<number>('document.documentElement.scrollHeight')
      expect(height).toBeGreaterThan(2000)
      const png = await page.screenshot()
      expect(png.subarray(1, 4).toString()).toBe('PNG')
      writeFileSync(join(artifacts, 'report.png'), png)
    })
  })

  it('compares two runs in one page', async () => {
    const out = join(dir, 'compare.html')
    await report(['--compare', runIds[0]!, runIds[1]!, '--out', out])
    await openInChromium(out, async (page) => {
      expect(page.problems).toEqual([])
      const headers = await page.evaluate<string[]>(`[...document.querySelectorAll('table.summary tr:first-child th')].map((t) => t.textContent)`)
      expect(headers).toEqual(['run', runIds[0], runIds[1]])
      // Both runs appear in the P&L legend.
      const legend = await page.evaluate<string>(`document.querySelector('#cumulative-pnl').textContent`)
      expect(legend).toContain(runIds[0])
      expect(legend).toContain(runIds[1])
      writeFileSync(join(artifacts, 'report-compare.png'), await page.screenshot())
    })
  })

  it('refuses an unknown run id, naming it', async () => {
    const stderr: string[] = []
    const write = process.stderr.write
    process.stderr.write = ((s: string) => (stderr.push(String(s)), true)) as typeof process.stderr.write
    try {
      await runCli(['report', 'r-nope', '--out', join(dir, 'x.html'), '--db', db], [reportCommand])
    } finally {
      process.stderr.write = write
    }
    expect(process.exitCode).toBe(1)
    process.exitCode = undefined
    expect(stderr.join('')).toMatch(/Invalid runId: .*"r-nope"/)
  })
})
