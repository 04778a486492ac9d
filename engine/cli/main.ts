import { hideBin } from 'yargs/helpers'
import { backtestCommand } from './commands/backtest.js'
import { compareCommand } from './commands/compare.js'
import { configCommand } from './commands/configCheck.js'
import { devnetCommand } from './commands/devnet.js'
import { exportCommand } from './commands/export.js'
import { gatesCommand } from './commands/gates.js'
import { historyCommand } from './commands/historyGroup.js'
import { liveCommand } from './commands/live.js'
import { poolsCommand } from './commands/pools.js'
import { reportCommand } from './commands/report.js'
import { runsCommand, showCommand } from './commands/runs.js'
import { sweepCommand } from './commands/sweep.js'
import { workerCommand } from './commands/worker.js'
import { runCli } from './runCli.js'

await runCli(hideBin(process.argv), [
  backtestCommand,
  runsCommand,
  showCommand,
  gatesCommand,
  liveCommand,
  compareCommand,
  reportCommand,
  sweepCommand,
  workerCommand,
  exportCommand,
  historyCommand,
  devnetCommand,
  poolsCommand,
  configCommand,
])
