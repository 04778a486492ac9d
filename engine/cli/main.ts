import { hideBin } from 'yargs/helpers'
import { backtestCommand } from './commands/backtest.js'
import { configCommand } from './commands/configCheck.js'
import { devnetCommand } from './commands/devnet.js'
import { runsCommand, showCommand } from './commands/runs.js'
import { runCli } from './runCli.js'

await runCli(hideBin(process.argv), [backtestCommand, runsCommand, showCommand, devnetCommand, configCommand])
