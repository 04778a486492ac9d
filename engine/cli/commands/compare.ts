import type { Argv } from 'yargs'
import { existsSync } from 'node:fs'
import { compareRuns } from '../../compare/compareRuns.js'
import { formatComparison } from '../../compare/formatComparison.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { dbOption, openStoreArg } from '../openStoreArg.js'

/**
 * `arb compare <run_a> <run_b> [--db]`: per strategy, opportunities, executions, success rate and
 * simulated-vs-realized accuracy of two runs (a backtest and a paper or live run of one config), and net
 * P&L per token.
 */
export function compareCommand(cli: Argv): Argv {
  return cli.command(
    'compare <runA> <runB>',
    'Compare two runs of a config (e.g. backtest vs live): accuracy per strategy and P&L per token',
    (y) =>
      y
        .positional('runA', { type: 'string', demandOption: true, describe: 'first run id (e.g. the backtest)' })
        .positional('runB', { type: 'string', demandOption: true, describe: 'second run id (e.g. the paper or live run)' })
        .option('db', dbOption),
    async (args) => {
      if (!existsSync(args.db)) throw new ConfigError('--db', 'an existing DuckDB file', args.db)
      const store = await openStoreArg(args.db, true)
      try {
        process.stdout.write(`${formatComparison(await compareRuns(store, args.runA, args.runB))}\n`)
      } finally {
        await store.close()
      }
    },
  )
}
