import yargs, { type Argv } from 'yargs'
import { BaseError } from '../errors/BaseError.js'
import { ConfigError } from '../errors/ConfigError.js'

export type CommandModule = (cli: Argv) => Argv

/**
 * Builds the `arb` CLI from command modules and runs it on `argv`. A BaseError ends the process with its
 * message and exit code 1, without a stack trace (set ARB_DEBUG=1 for one); bad arguments name the argument.
 */
export async function runCli(argv: string[], commands: CommandModule[]): Promise<void> {
  let cli = yargs(argv)
    .scriptName('arb')
    .usage('$0 <command> [options]\n\nAlphaPulse: replay Ethereum history on forked Anvil nodes, score arbitrage strategies into DuckDB.')
    .strict()
    .demandCommand(1, 'Name a command; see `arb --help`.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns || 110))
    .fail((msg, err) => {
      if (err) throw err
      throw new ConfigError('arguments', 'valid arguments (see --help)', undefined, { details: msg })
    })
  for (const add of commands) cli = add(cli)
  try {
    await cli.parseAsync()
  } catch (e) {
    reportError(e)
    process.exitCode = 1
  }
}

function reportError(e: unknown): void {
  const debug = process.env.ARB_DEBUG === '1'
  if (e instanceof BaseError) {
    process.stderr.write(`error: ${e.message}\n`)
    if (debug && e.stack) process.stderr.write(`${e.stack}\n`)
    return
  }
  const msg = e instanceof Error ? e.message : String(e)
  process.stderr.write(`error: ${msg}\n`)
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`)
}
