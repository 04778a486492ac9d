import { JSDOM } from 'jsdom'
import { summarizeRun, type RunSummary } from '../engine/readModel/summarizeRun.js'
import { formatPercent } from '../engine/format/formatPercent.js'
import { formatUnits } from '../engine/format/formatUnits.js'
import { readRunTokens } from '../engine/store/readRunTokens.js'
import { BaseError } from '../engine/errors/BaseError.js'
import type { Store } from '../engine/store/openStore.js'
import type { AnyNotebook } from './Notebook.js'
import { defaultNotebooks } from './notebooks.js'
import { pageStyle } from './pageStyle.js'

export type RenderReportOptions = {
  store: Store
  /** One run, or several to compare (their rows share each chart). */
  runIds: readonly string[]
  notebooks?: readonly AnyNotebook[]
  title?: string
  /** Width of a chart in pixels. Default 860. */
  width?: number
}

/**
 * Renders a report as one self-contained HTML page: every notebook's query runs against the store, its plot
 * is drawn server-side (Observable Plot into jsdom) and inlined as SVG. The page has no script and loads
 * nothing, so it opens offline and can be mailed or archived as is.
 *
 * @example
 * const html = await renderReport({ store, runIds: [runId] })
 * await writeFile('report.html', html)
 */
export async function renderReport(options: RenderReportOptions): Promise<string> {
  const { store, runIds } = options
  if (runIds.length === 0) throw new BaseError('No run to report on', { details: 'pass a run id (see `arb runs`)' })
  const notebooks = options.notebooks ?? defaultNotebooks
  const width = options.width ?? 860
  const compare = runIds.length > 1
  const dom = new JSDOM('<!doctype html><html lang="en"><head><meta charset="utf-8"></head><body></body></html>')
  const document = dom.window.document

  const summaries: RunSummary[] = []
  for (const runId of runIds) summaries.push(await summarizeRun(store, runId))
  const title = options.title ?? (compare ? `Compare ${runIds.join(' vs ')}` : `Run ${runIds[0]}`)
  document.title = title
  const style = document.createElement('style')
  style.textContent = pageStyle
  document.head.append(style)

  const main = document.createElement('main')
  document.body.append(main)
  main.append(el(document, 'h1', title))
  main.append(await summaryTable(document, store, summaries))

  const nav = document.createElement('nav')
  for (const nb of notebooks) nav.append(Object.assign(document.createElement('a'), { href: `#${nb.id}`, textContent: nb.title }))
  main.append(nav)

  for (const nb of notebooks) {
    const rows: Record<string, unknown>[] = []
    for (const runId of runIds) for (const r of await nb.query(store, runId)) rows.push({ ...r, run: runId })
    const section = document.createElement('section')
    section.className = 'notebook'
    section.id = nb.id
    section.dataset.notebook = nb.id
    section.append(el(document, 'h2', nb.title), el(document, 'p', nb.description, 'description'))
    const figure = nb.plot(rows as never, { document, compare, width })
    if (figure) section.append(figure)
    else {
      section.dataset.empty = 'true'
      section.append(el(document, 'p', 'No rows for this chart in the run.', 'empty'))
    }
    main.append(section)
  }
  main.append(el(document, 'footer', `AlphaPulse report, generated ${new Date().toISOString()} from ${store.path}`))
  return dom.serialize()
}

async function summaryTable(document: Document, store: Store, summaries: RunSummary[]): Promise<Element> {
  const table = document.createElement('table')
  table.className = 'summary'
  const rows: [string, (s: RunSummary) => string][] = [
    ['status', (s) => `${s.mode} · ${s.status}`],
    ['strategies', (s) => s.strategies],
    ['config hash', (s) => s.configHash],
    ['source', (s) => s.source],
    ['blocks', (s) => `${s.blocks} (${s.fromBlock}..${s.toBlock ?? '?'})`],
    ['opportunities', (s) => String(s.opportunities)],
    ['simulated ok', (s) => `${s.simulatedOk} / ${s.simulated}`],
    ['executed ok', (s) => `${s.executedOk} / ${s.executed} (${formatPercent(s.successRate)})`],
    ['rejected', (s) => String(s.rejected)],
    ['simulation accuracy', (s) => formatPercent(s.simulationAccuracy, 3)],
  ]
  const head = document.createElement('tr')
  head.append(el(document, 'th', 'run'))
  for (const s of summaries) head.append(el(document, 'th', s.runId))
  table.append(head)
  for (const [label, value] of rows) {
    const tr = document.createElement('tr')
    tr.append(el(document, 'th', label))
    for (const s of summaries) tr.append(el(document, 'td', value(s)))
    table.append(tr)
  }
  const pnl = document.createElement('tr')
  pnl.append(el(document, 'th', 'net P&L (successful trades)'))
  for (const s of summaries) {
    const tokens = await readRunTokens(store, s.runId)
    const text = s.pnl
      .map((p) => {
        const t = tokens.get(p.token.toLowerCase()) ?? { symbol: p.token, decimals: 18 }
        return `${formatUnits(p.netProfit, t.decimals)} ${t.symbol} (${p.trades} trades)`
      })
      .join('; ')
    pnl.append(el(document, 'td', text || '—'))
  }
  table.append(pnl)
  return table
}

function el(document: Document, tag: string, text: string, className?: string): HTMLElement {
  const e = document.createElement(tag)
  e.textContent = text
  if (className) e.className = className
  return e
}
