import type { Argv } from 'yargs'
import { historyGenerateOptions, runHistoryGenerate } from './history.js'
import { historyImportSubcommand, historyRecordSubcommand } from './historyRecord.js'

/** `arb history generate|record|import`: build, record or re-enact chain history. */
export function historyCommand(cli: Argv): Argv {
  return cli.command('history <command>', 'Generate a market scenario, record a node to Parquet, or re-enact history on a devnet', (y) =>
    historyImportSubcommand(
      historyRecordSubcommand(
        y.command(
          'generate',
          'Generate a seeded market scenario on a devnet (prints `head <number> <hash>`)',
          (b) => historyGenerateOptions(b),
          (args) => runHistoryGenerate({ scenario: args.scenario, blocks: args.blocks, seed: args.seed, out: args.out, gasLimit: args['gas-limit'] }),
        ),
      ),
    ).demandCommand(1, 'Name a history command: generate, record or import'),
  )
}
