import type { Argv } from 'yargs'
import { runDevnet, DEFAULT_MANIFEST_PATH } from '../../devnet/runDevnet.js'
import { sleep } from '../../devnet/sleep.js'
import { MAX_LIVE_SCENARIO_BLOCKS } from '../../sources/scenario/driveScenarioBehindBuilder.js'
import { createLogger } from '../../log/createLogger.js'

/**
 * `arb devnet up [--port P] [--seed S] [--manifest FILE] [--builder [--builder-port P] [--block-time S]
 * [--scenario NAME [--blocks N]]]`: starts Anvil with real Uniswap V2, SushiSwap, Uniswap V3 and Aave V3
 * deployed, writes the manifest, with `--builder` starts the local block builder and prints `builder <url>`,
 * then prints `ready <rpcUrl> <manifestPath>` and runs until SIGINT/SIGTERM, when it stops the builder and Anvil.
 * With `--scenario`, a generated market (seeded by `--seed`) streams N blocks through the builder, one per
 * `--block-time`, rivals bundling their backruns; it prints `scenario … done: …`, and blocks go on.
 */
export function devnetCommand(cli: Argv): Argv {
  return cli.command('devnet <action>', 'Run the local devnet (Anvil + real Uniswap and Aave bytecode)', (y) =>
    y
      .positional('action', { choices: ['up'] as const, describe: 'up: start, deploy, print `ready <rpcUrl> <manifest>`, run until Ctrl-C' })
      .option('port', { type: 'number', describe: 'port for Anvil (default: a free one)' })
      .option('seed', { type: 'number', default: 1, describe: 'seed for prices and depths (addresses never change)' })
      .option('manifest', { type: 'string', default: DEFAULT_MANIFEST_PATH, describe: 'where to write the manifest JSON' })
      .option('builder', {
        type: 'boolean',
        default: false,
        describe: 'also run a local block builder (eth_sendBundle, eth_callBundle, eth_cancelBundle) in front of Anvil and print `builder <url>`',
      })
      .option('builder-port', { type: 'number', describe: 'port for the builder (default: a free one)' })
      .option('block-time', {
        type: 'number',
        describe: 'with --builder: seconds between the blocks it builds, timestamps stepping by as much (default 12); 0: only on a builder_buildBlock call',
      })
      .option('scenario', {
        type: 'string',
        describe: 'with --builder: drive a generated market (calm, volatile, crash, stress) on the devnet, one block per --block-time; rivals send their backruns to the builder as bundles',
      })
      .option('blocks', { type: 'number', describe: `with --scenario: blocks to drive (default 100, at most ${MAX_LIVE_SCENARIO_BLOCKS}); then blocks go on, holding only what others send` })
      .check((a) => {
        if (a.port !== undefined && (!Number.isInteger(a.port) || a.port < 1 || a.port > 65535)) throw new Error('--port: expected an integer from 1 to 65535')
        if (!Number.isInteger(a.seed) || a.seed < 0) throw new Error('--seed: expected a non-negative integer')
        const bp = a['builder-port']
        if (bp !== undefined && (!Number.isInteger(bp) || bp < 1 || bp > 65535)) throw new Error('--builder-port: expected an integer from 1 to 65535')
        const bt = a['block-time']
        if (bt !== undefined && (!Number.isInteger(bt) || bt < 0)) throw new Error('--block-time: expected a non-negative integer number of seconds')
        if (!a.builder && (bp !== undefined || bt !== undefined || a.scenario !== undefined)) throw new Error('--builder-port, --block-time and --scenario: only with --builder')
        if (a.blocks !== undefined && a.scenario === undefined) throw new Error('--blocks: only with --scenario')
        if (a.scenario !== undefined && bt === 0) throw new Error('--block-time: with --scenario, an integer number of seconds >= 1')
        return true
      }),
    async (args) => {
      const blockTime = args['block-time'] ?? 12
      const log = args.builder ? createLogger({ name: 'builder' }) : undefined
      const stopping = new AbortController()
      const stop = () => stopping.abort()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      const { anvil, manifestPath, builder, scenario } = await runDevnet({
        port: args.port,
        seed: args.seed,
        manifestPath: args.manifest,
        ...(args.builder
          ? {
              builder: {
                ...(args['builder-port'] !== undefined ? { port: args['builder-port'] } : {}),
                ...(blockTime > 0 ? { intervalMs: blockTime * 1000, blockTime } : {}),
                onBlock: (b) =>
                  log!.info(
                    { block: b.number, transactions: b.transactions.length, bundles: b.bundles.filter((x) => x.status === 'included').length, bundlesLeftOut: b.bundles.filter((x) => x.status !== 'included').length },
                    'block built',
                  ),
                onError: (e) => log!.error({ err: e }, 'block build failed'),
              },
            }
          : {}),
        ...(args.scenario !== undefined
          ? {
              scenario: {
                name: args.scenario,
                blocks: args.blocks ?? 100,
                blockTime,
                signal: stopping.signal,
                onBlock: (b) => log!.info({ scenarioBlock: b.index, block: b.number, flow: b.flow, rivals: b.rivals, otherBundles: b.otherBundles }, 'scenario block'),
              },
            }
          : {}),
      })
      if (builder) process.stdout.write(`builder ${builder.url}\n`)
      process.stdout.write(`ready ${anvil.rpcUrl} ${manifestPath}\n`)
      try {
        if (scenario) {
          const r = await scenario
          const t = r.totals
          process.stdout.write(
            `scenario ${args.scenario} done: blocks ${r.fromBlock}-${r.toBlock} (${r.blocks}); flow ${t.flowMined}/${t.flowSent} mined; rivals ${t.rivalsLanded}/${t.rivalsSent} landed, ${t.rivalsLeftOut} left out; other bundles ${t.otherBundles}\n`,
          )
          // The chain goes on: one block per --block-time, holding whatever others send, until Ctrl-C.
          while (!stopping.signal.aborted) {
            await sleep(blockTime * 1000, stopping.signal)
            if (!stopping.signal.aborted) await builder!.buildBlock()
          }
        } else {
          await new Promise<void>((resolve) => (stopping.signal.aborted ? resolve() : stopping.signal.addEventListener('abort', () => resolve(), { once: true })))
        }
      } finally {
        await builder?.stop()
        await anvil.stop()
      }
    },
  )
}
