import type { Argv } from 'yargs'
import { existsSync } from 'node:fs'
import { relative } from 'node:path'
import { exportRun, type ExportFormat } from '../../research/export/exportRun.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { table } from '../../format/table.js'
import { dbOption, openStoreArg } from '../openStoreArg.js'

/** `arb export <run_id> --format parquet|arrow --out DIR`: one file per table of the run. */
export function exportCommand(cli: Argv): Argv {
  return cli.command(
    'export <runId>',
    "Export a run's tables to Parquet or Arrow files (one per table) for pandas, polars, R, DuckDB…",
    (y) =>
      y
        .positional('runId', { type: 'string', demandOption: true, describe: 'run id (see `arb runs`)' })
        .option('format', { choices: ['parquet', 'arrow'] as const, default: 'parquet' as const, describe: 'file format' })
        .option('out', { type: 'string', demandOption: true, describe: 'directory to write the files into (created if missing)' })
        .option('db', dbOption),
    async (args) => {
      if (!existsSync(args.db)) throw new ConfigError('--db', 'an existing DuckDB file', args.db)
      const store = await openStoreArg(args.db, true)
      try {
        const files = await exportRun(store, { runId: args.runId, format: args.format as ExportFormat, outDir: args.out })
        process.stdout.write(`${table(['table', 'rows', 'file'], files.map((f) => [f.table, f.rows, relative(process.cwd(), f.file)]))}\n`)
      } finally {
        await store.close()
      }
    },
  )
}
