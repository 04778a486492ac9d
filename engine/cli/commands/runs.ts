import type { Argv } from 'yargs'
import { existsSync } from 'node:fs'
import { formatArchiveUsage } from '../../archive/formatArchiveUsage.js'
import { readRunArchiveUsage } from '../../archive/readRunArchiveUsage.js'
import { listRuns } from '../../readModel/listRuns.js'
import { readInclusionRates } from '../../readModel/readInclusionRates.js'
import { formatInclusionRates } from '../../format/formatInclusionRates.js'
import { summarizeRun } from '../../readModel/summarizeRun.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { table } from '../../format/table.js'
import { dbOption, openStoreArg } from '../openStoreArg.js'
import { printSummary } from '../printSummary.js'
import { readRunTokens } from '../../store/readRunTokens.js'

/** `arb runs`: the runs in the database, newest first. */
export function runsCommand(cli: Argv): Argv {
  return cli.command(
    'runs',
    'List the runs recorded in the database',
    (y) =>
      y
        .option('db', dbOption)
        .option('limit', { type: 'number', default: 50, describe: 'show at most this many runs' })
        .check((a) => {
          if (!Number.isInteger(a.limit) || a.limit < 1) throw new Error(`--limit: expected an integer >= 1 (got ${String(a.limit)})`)
          return true
        }),
    async (args) => {
      if (!existsSync(args.db)) throw new ConfigError('--db', 'an existing DuckDB file (run `arb backtest` first)', args.db)
      const store = await openStoreArg(args.db, true)
      try {
        const rows = await listRuns(store, args.limit)
        if (rows.length === 0) {
          process.stdout.write('no runs yet\n')
          return
        }
        process.stdout.write(
          `${table(
            ['run id', 'mode', 'status', 'strategies', 'config', 'blocks', 'range', 'opps', 'executed', 'started'],
            rows.map((r) => [
              r.run_id,
              r.mode,
              r.status,
              r.strategies,
              r.config_hash,
              r.blocks,
              `${r.from_block}..${r.to_block ?? ''}`,
              r.opportunities,
              r.executed,
              r.started_at.toISOString().slice(0, 19).replace('T', ' '),
            ]),
          )}\n`,
        )
      } finally {
        await store.close()
      }
    },
  )
}

/** `arb show <run_id>`: one run's summary, and what it cost its archive node when it read one. */
export function showCommand(cli: Argv): Argv {
  return cli.command(
    'show <runId>',
    "Print one run's summary (and its archive cost)",
    (y) => y.positional('runId', { type: 'string', demandOption: true, describe: 'run id (see `arb runs`)' }).option('db', dbOption),
    async (args) => {
      if (!existsSync(args.db)) throw new ConfigError('--db', 'an existing DuckDB file', args.db)
      const store = await openStoreArg(args.db, true)
      try {
        const summary = await summarizeRun(store, args.runId)
        process.stdout.write(`${printSummary(summary, await readRunTokens(store, args.runId))}\n`)
        const usage = await readRunArchiveUsage(store, args.runId)
        if (usage) process.stdout.write(`${formatArchiveUsage(usage, summary.blocks)}\n`)
        const inclusion = await readInclusionRates(store, args.runId)
        if (inclusion.length > 0) process.stdout.write(`\nbundles\n${formatInclusionRates(inclusion)}\n`)
      } finally {
        await store.close()
      }
    },
  )
}
