import type { Argv } from 'yargs'
import { configHash } from '../../config/configHash.js'
import { loadConfig } from '../../config/loadConfig.js'

/** `arb config check <file>`: validates a config file and prints its hash. */
export function configCommand(cli: Argv): Argv {
  return cli.command('config <action> <file>', 'Validate a strategy config file', (y) =>
    y
      .positional('action', { choices: ['check'] as const, describe: 'check: validate and print the config hash' })
      .positional('file', { type: 'string', demandOption: true, describe: 'config file (.json or .ts)' }),
    async (args) => {
      const config = await loadConfig(args.file)
      process.stdout.write(`ok ${config.name} strategies=${config.strategies.map((s) => s.name).join(',')} hash=${configHash(config)}\n`)
    },
  )
}
