import type { Argv } from 'yargs'
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { renderReport } from '../../../notebooks/renderReport.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { dbOption, openStoreArg } from '../openStoreArg.js'

/**
 * `arb report <run_id> --out report.html` and `arb report --compare <a> <b> --out cmp.html`: the notebooks
 * of notebooks/ drawn from the run's rows into one self-contained HTML file (inline SVG, no script, offline).
 */
export function reportCommand(cli: Argv): Argv {
  return cli.command(
    'report [runId]',
    'Write an HTML report of a run (or compare runs): P&L, simulation accuracy, latency, gates',
    (y) =>
      y
        .positional('runId', { type: 'string', describe: 'run id (see `arb runs`)' })
        .option('compare', { type: 'string', array: true, describe: 'compare these runs (two or more ids) instead of reporting one' })
        .option('out', { type: 'string', default: 'report.html', describe: 'HTML file to write' })
        .option('title', { type: 'string', describe: 'page title' })
        .option('db', dbOption)
        .check((a) => {
          if (a.compare !== undefined && a.runId !== undefined) throw new Error('--compare: give the run ids after --compare, not before it')
          if (a.compare !== undefined && a.compare.length < 2) throw new Error(`--compare: expected two or more run ids (got ${a.compare.length})`)
          if (a.compare === undefined && a.runId === undefined) throw new Error('runId: expected a run id, or --compare <a> <b>')
          return true
        }),
    async (args) => {
      if (!existsSync(args.db)) throw new ConfigError('--db', 'an existing DuckDB file (run `arb backtest` first)', args.db)
      const runIds = args.compare ?? [args.runId!]
      const store = await openStoreArg(args.db, true)
      try {
        for (const id of runIds) {
          const [row] = await store.query<{ n: bigint }>('SELECT count(*) AS n FROM runs WHERE run_id = ?', [id])
          if (row!.n === 0n) throw new ConfigError(args.compare ? '--compare' : 'runId', 'the id of a run in this database (see `arb runs`)', id)
        }
        const html = await renderReport({ store, runIds, title: args.title })
        const out = resolve(args.out)
        await mkdir(dirname(out), { recursive: true })
        await writeFile(out, html)
        process.stdout.write(`wrote ${args.out} (${(html.length / 1024).toFixed(0)} KiB)\n`)
      } finally {
        await store.close()
      }
    },
  )
}
