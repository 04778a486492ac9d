import type { Argv } from 'yargs'
import { runDevnet, DEFAULT_MANIFEST_PATH } from '../../devnet/runDevnet.js'

/**
 * `arb devnet up [--port P] [--seed S] [--manifest FILE]`: starts Anvil with real Uniswap V2, SushiSwap,
 * Uniswap V3 and Aave V3 deployed, writes the manifest, prints `ready <rpcUrl> <manifestPath>` and runs
 * until SIGINT/SIGTERM, when it stops Anvil.
 */
export function devnetCommand(cli: Argv): Argv {
  return cli.command('devnet <action>', 'Run the local devnet (Anvil + real Uniswap and Aave bytecode)', (y) =>
    y
      .positional('action', { choices: ['up'] as const, describe: 'up: start, deploy, print `ready <rpcUrl> <manifest>`, run until Ctrl-C' })
      .option('port', { type: 'number', describe: 'port for Anvil (default: a free one)' })
      .option('seed', { type: 'number', default: 1, describe: 'seed for prices and depths (addresses never change)' })
      .option('manifest', { type: 'string', default: DEFAULT_MANIFEST_PATH, describe: 'where to write the manifest JSON' })
      .check((a) => {
        if (a.port !== undefined && (!Number.isInteger(a.port) || a.port < 1 || a.port > 65535)) throw new Error('--port: expected an integer from 1 to 65535')
        if (!Number.isInteger(a.seed) || a.seed < 0) throw new Error('--seed: expected a non-negative integer')
        return true
      }),
    async (args) => {
      const { anvil, manifestPath } = await runDevnet({ port: args.port, seed: args.seed, manifestPath: args.manifest })
      process.stdout.write(`ready ${anvil.rpcUrl} ${manifestPath}\n`)
      await new Promise<void>((resolve) => {
        const stop = () => resolve()
        process.once('SIGINT', stop)
        process.once('SIGTERM', stop)
      })
      await anvil.stop()
    },
  )
}
