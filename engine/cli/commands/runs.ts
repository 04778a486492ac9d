import type { Argv } from 'yargs'
import { existsSync } from 'node:fs'
import { summarizeRun } from '../../backtest/summarizeRun.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { table } from '../format.js'
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
        const rows = await store.query<Record<string, unknown>>(
          `SELECT r.run_id, r.mode, r.status, r.strategies, r.config_hash, r.from_block, r.to_block, r.started_at,
                  (SELECT count(*) FROM blocks b WHERE b.run_id = r.run_id) AS blocks,
                  (SELECT count(*) FROM opportunities o WHERE o.run_id = r.run_id) AS opportunities,
                  (SELECT count(*) FROM executions e WHERE e.run_id = r.run_id AND e.success) AS executed
           FROM runs r ORDER BY r.started_at DESC LIMIT ?`,
          [args.limit],
        )
        if (rows.length === 0) {
          process.stdout.write('no runs yet\n')
          return
        }
        process.stdout.write(
          `${table(
            ['run id', 'mode', 'status', 'strategies', 'config', 'blocks', 'range', 'opps', 'executed', 'started'],
            rows.map((r) => [
              String(r.run_id),
              String(r.mode),
              String(r.status),
              String(r.strategies),
              String(r.config_hash),
              String(r.blocks),
              `${r.from_block}..${r.to_block ?? ''}`,
              String(r.opportunities),
              String(r.executed),
              (r.started_at as Date).toISOString().slice(0, 19).replace('T', ' '),
            ]),
          )}\n`,
        )
      } finally {
        await store.close()
      }
    },
  )
}

/** `arb show <run_id>`: one run's summary. */
export function showCommand(cli: Argv): Argv {
  return cli.command(
    'show <runId>',
    "Print one run's summary",
    (y) => y.positional('runId', { type: 'string', demandOption: true, describe: 'run id (see `arb runs`)' }).option('db', dbOption),
    async (args) => {
      if (!existsSync(args.db)) throw new ConfigError('--db', 'an existing DuckDB file', args.db)
      const store = await openStoreArg(args.db, true)
      try {
        const summary = await summarizeRun(store, args.runId)
        process.stdout.write(`${printSummary(summary, await readRunTokens(store, args.runId))}\n`)
      } finally {
        await store.close()
      }
    },
  )
}
