import type { Store } from '../engine/store/openStore.js'

/** What a notebook's `plot` gets besides its rows. */
export type NotebookContext = {
  /** The document to draw into (jsdom's, server-side): pass it to `Plot.plot({ document })`. */
  document: Document
  /** True when the report compares several runs: rows then carry different `run` labels. */
  compare: boolean
  /** Width of one chart in pixels. */
  width: number
}

/**
 * One chart (or table) of a report: the SQL that feeds it and the drawing. Copy a notebook file, edit its
 * query and plot, and add it to `notebooks/notebooks.ts`.
 *
 * `query` reads one run; the report tags every row with `run` (the run id) and, when comparing, concatenates
 * the runs' rows. Money stays bigint in rows; `plot` converts to decimals for display only. `plot` returns
 * the element to show, or `null` when there is nothing to draw (the report then says so).
 */
export type Notebook<Row extends object = Record<string, unknown>> = {
  id: string
  title: string
  /** One or two sentences under the title: what is plotted and in which unit. */
  description: string
  query(store: Store, runId: string): Promise<Row[]>
  plot(rows: (Row & { run: string })[], context: NotebookContext): Element | null
}

/** Any notebook, whatever its row type (for lists of notebooks). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNotebook = Notebook<any>
