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
    .check(checkValuesGiven, true)
  for (const add of commands) cli = add(cli)
  try {
    await cli.parseAsync()
  } catch (e) {
    reportError(e)
    process.exitCode = 1
  }
}

/**
 * An option given without a value (`--resume` at the end of the line) parses as "" for a string and NaN for
 * a number; both would otherwise be taken as "not given" or reach SQL. Every command refuses them by name.
 */
function checkValuesGiven(argv: Record<string, unknown>): true {
  for (const [key, value] of Object.entries(argv)) {
    if (key === '_' || key === '$0' || /[A-Z]/.test(key)) continue
    const values = Array.isArray(value) ? value : [value]
    if (values.some((v) => typeof v === 'string' && v.trim() === '')) throw new Error(`--${key}: expected a value`)
    if (values.some((v) => typeof v === 'number' && Number.isNaN(v))) throw new Error(`--${key}: expected a number`)
  }
  return true
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
