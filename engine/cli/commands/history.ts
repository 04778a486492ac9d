import type { Argv } from 'yargs'
import { ConfigError } from '../../errors/ConfigError.js'
import { generateScenario } from '../../sources/scenario/generateScenario.js'
import { toScenarioRecord, writeScenarioRecord } from '../../sources/scenario/scenarioRecord.js'
import { scenarioNames } from '../../sources/scenario/scenarioProfiles.js'

/** Arguments of `arb history generate`. */
export type HistoryGenerateArgs = { scenario: string; blocks: number; seed: number; out?: string; gasLimit?: string }

/** Adds the options of `arb history generate` to a yargs builder. */
export function historyGenerateOptions<T>(y: Argv<T>) {
  return y
    .option('scenario', { type: 'string', choices: scenarioNames, demandOption: true, describe: 'market scenario' })
    .option('blocks', { type: 'number', demandOption: true, describe: 'blocks to generate after the devnet deployment' })
    .option('seed', { type: 'number', default: 1, describe: 'seed of the devnet, the price path and every trade' })
    .option('out', { type: 'string', describe: 'write a regenerate-from-seed record here (e.g. datasets/scenarios/<name>.json)' })
    .option('gas-limit', { type: 'string', describe: 'block gas limit during the scenario (default 3000000)' })
}

/**
 * Runs `arb history generate`: builds the scenario on a fresh Anvil, optionally writes its record, prints
 * a summary and, as the last line, `head <blockNumber> <blockHash>`, then stops the Anvil.
 */
export async function runHistoryGenerate(args: HistoryGenerateArgs): Promise<void> {
  let gasLimit: bigint | undefined
  if (args.gasLimit !== undefined) {
    if (!/^\d+$/.test(args.gasLimit)) throw new ConfigError('--gas-limit', 'a block gas limit in gas units (digits only)', args.gasLimit)
    gasLimit = BigInt(args.gasLimit)
  }
  const tty = process.stderr.isTTY
  const started = performance.now()
  const generated = await generateScenario({
    scenario: args.scenario,
    blocks: args.blocks,
    seed: args.seed,
    ...(gasLimit !== undefined ? { gasLimit } : {}),
    onProgress: (done, total) => {
      if (tty && (done % 50 === 0 || done === total)) process.stderr.write(`\rblock ${done}/${total}${done === total ? '\n' : ''}`)
    },
  })
  try {
    const seconds = (performance.now() - started) / 1000
    const { stats } = generated
    process.stdout.write(
      `scenario ${generated.scenario} seed ${generated.seed}: ${generated.blocks} blocks ${generated.fromBlock}–${generated.head.number}, ` +
        `${stats.transactions} transactions, ${stats.liquidityEvents} liquidity events, in ${seconds.toFixed(1)} s\n`,
    )
    if (args.out) {
      const record = toScenarioRecord(generated, await generated.anvil.request<string>('web3_clientVersion'))
      await writeScenarioRecord(args.out, record)
      process.stdout.write(`record ${args.out}\n`)
    }
    process.stdout.write(`head ${generated.head.number} ${generated.head.hash}\n`)
  } finally {
    await generated.anvil.stop()
  }
}

/**
 * `arb history generate --scenario calm|volatile|crash|stress --blocks N [--seed S] [--out FILE]`: builds a
 * seeded market history on a devnet and prints `head <blockNumber> <blockHash>` last. Another command
 * module registers `history <action>` (record, import); yargs keeps only one `history` command, so where
 * both are mounted, route `generate` to `historyGenerateOptions` + `runHistoryGenerate` from there.
 *
 * @example arb history generate --scenario volatile --blocks 2000 --seed 7 --out datasets/scenarios/volatile-2000-seed7.json
 */
export function historyGenerateCommand(cli: Argv): Argv {
  return cli.command(
    'history generate',
    'Generate a seeded market scenario on a devnet (prints `head <number> <hash>`)',
    (y) => historyGenerateOptions(y),
    (args) => runHistoryGenerate({ scenario: args.scenario, blocks: args.blocks, seed: args.seed, out: args.out, gasLimit: args['gas-limit'] }),
  ) as Argv
}
