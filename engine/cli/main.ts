import { hideBin } from 'yargs/helpers'
import { configCommand } from './commands/configCheck.js'
import { devnetCommand } from './commands/devnet.js'
import { runCli } from './runCli.js'

await runCli(hideBin(process.argv), [devnetCommand, configCommand])
