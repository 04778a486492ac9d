import type { Argv } from 'yargs'
import cliProgress from 'cli-progress'
import { openSource, type SourceSpec } from '../../backtest/openSource.js'
import { runBacktest } from '../../backtest/runBacktest.js'
import { summarizeRun } from '../../backtest/summarizeRun.js'
import { loadConfig } from '../../config/loadConfig.js'
import { parseConfig } from '../../config/parseConfig.js'
import type { Config } from '../../config/configSchema.js'
import { realDatasets } from '../../sources/real/realDatasets.js'
import { strategyNames } from '../../strategies/registry.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { redactUrl } from '../../errors/redactUrl.js'
import { createForkExecutor } from '../../executors/createForkExecutor.js'
import { dbOption, openStoreArg } from '../openStoreArg.js'
import { printSummary } from '../printSummary.js'
import { readRunTokens } from '../../store/readRunTokens.js'

/** The embedded default: every strategy, flash loans, over a generated `volatile` scenario on the devnet. */
export const DEFAULT_CONFIG: Config = parseConfig({ strategies: strategyNames.map((name) => ({ name })), execution: { mode: 'flash' } })
/**
 * 2,000 blocks: the calibrated `volatile` market leaves about one opportunity that pays its gas per 400 blocks
 * (as rare as on mainnet), and seed 1 holds five candidates over 2,000 blocks, four of them backrun in the
 * next block by a rival bidding 22–680 gwei and one uncontested: wins and losses once trades face rivals.
 */
export const DEFAULT_SCENARIO = { scenario: 'volatile', blocks: 2_000, seed: 1 } as const
/**
 * Fork Anvils per replay. Blocks wait mostly on round trips (a reset, a trade, a trace on the source), so a
 * few forks working on consecutive blocks keep a small machine busy: on 2 cores, 2,000 `volatile` blocks
 * replay at 82 blocks/s with one worker, 110 with two, 145 with three, 139 with four. The rows are the same
 * at any count.
 */
export const DEFAULT_WORKERS = 3

/**
 * `arb backtest`: replays a history source with the configured strategies, simulating and executing every
 * candidate on a fork of its block, and records the run in DuckDB. Ctrl-C stops after the current block;
 * `--resume <run_id>` continues where it stopped.
 */
export function backtestCommand(cli: Argv): Argv {
  return cli.command(
    'backtest',
    'Replay history: strategies on every block, simulate and execute on a fork, record in DuckDB',
    (y) =>
      y
        .option('scenario', { type: 'string', describe: 'generated market scenario: calm, volatile, crash or stress (default: volatile)' })
        .option('blocks', { type: 'number', describe: `scenario length in blocks (default ${DEFAULT_SCENARIO.blocks})` })
        .option('seed', { type: 'number', describe: `scenario seed (default ${DEFAULT_SCENARIO.seed})` })
        .option('dataset', { type: 'string', describe: 'replay a real-history dataset, e.g. real-usdc-weth-2024-01-05' })
        .option('fork-url', { type: 'string', describe: 'archive JSON-RPC URL to replay (mainnet or any chain); never stored' })
        .option('from', { type: 'number', describe: 'first block (with --fork-url, or a sub-window of --dataset)' })
        .option('to', { type: 'number', describe: 'last block, inclusive (with --fork-url, or a sub-window of --dataset)' })
        .option('manifest', { type: 'string', describe: 'manifest of the forked chain (default: the mainnet profile)' })
        .option('strategy', { type: 'string', array: true, describe: `run only these strategies (${strategyNames.join(', ')}); repeatable` })
        .option('config', { type: 'string', describe: 'strategy config file (.json or .ts)' })
        .option('db', dbOption)
        .option('workers', { type: 'number', default: DEFAULT_WORKERS, describe: 'fork Anvils working on blocks in parallel (the rows are the same at any count)' })
        .option('max-per-block', { type: 'number', default: 8, describe: 'most opportunities simulated per block' })
        .option('resume', { type: 'string', describe: 'continue an interrupted run at its first unprocessed block' })
        .option('log-every', { type: 'number', default: 100, describe: 'without a terminal, print a progress line every N blocks' })
        .conflicts('dataset', ['scenario', 'fork-url'])
        .conflicts('scenario', ['fork-url'])
        .check((a) => {
          const int = (name: string, v: unknown, min: number) => {
            if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < min)) throw new Error(`--${name}: expected an integer >= ${min} (got ${String(v)})`)
          }
          int('blocks', a.blocks, 1)
          int('seed', a.seed, 0)
          int('from', a.from, 0)
          int('to', a.to, 0)
          int('workers', a.workers, 1)
          int('max-per-block', a['max-per-block'], 1)
          int('log-every', a['log-every'], 1)
          if (a['fork-url'] !== undefined && (a.from === undefined || a.to === undefined)) throw new Error('--fork-url needs --from and --to')
          if (a.from !== undefined && a.to !== undefined && a.to < a.from) throw new Error(`--to: expected a block >= --from (${a.from}), got ${a.to}`)
          for (const s of a.strategy ?? []) if (!(strategyNames as readonly string[]).includes(s)) throw new Error(`--strategy: expected one of ${strategyNames.join(', ')} (got "${s}")`)
          return true
        }),
    async (args) => {
      const store = await openStoreArg(args.db)
      let spec: SourceSpec
      let config: Config
      if (args.resume) {
        const [row] = await store.query<{ source: string; config_json: string }>('SELECT source, config_json FROM runs WHERE run_id = ?', [args.resume])
        if (!row) {
          await store.close()
          throw new ConfigError('--resume', 'the id of a run in this database (see `arb runs`)', args.resume)
        }
        spec = JSON.parse(row.source) as SourceSpec
        config = parseConfig(JSON.parse(row.config_json), `run ${args.resume} config`)
      } else {
        config = args.config ? await loadConfig(args.config) : DEFAULT_CONFIG
        if (args.strategy?.length) config = { ...config, strategies: config.strategies.filter((s) => args.strategy!.includes(s.name)) }
        if (args.strategy?.length && config.strategies.length === 0) {
          config = { ...config, strategies: args.strategy.map((name) => parseConfig({ strategies: [{ name }] }).strategies[0]!) }
        }
        spec = sourceSpec(args, config)
      }

      const progress = process.stderr.isTTY
        ? new cliProgress.SingleBar({ format: '{phase} [{bar}] {value}/{total} blocks | {speed} blocks/s | {opportunities} opportunities | {executed} executed', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
        : null
      const say = (line: string) => process.stderr.write(`${line}\n`)

      if (spec.kind === 'scenario') say(`generating scenario ${spec.scenario} (${spec.blocks} blocks, seed ${spec.seed}) on a local devnet as it is replayed…`)
      if (spec.kind === 'dataset') say(`re-enacting ${spec.name} on a local devnet…`)
      const building = spec.kind === 'dataset'
      if (spec.kind === 'dataset') {
        const known = realDatasets[spec.name]
        const total = known ? Number(BigInt(spec.to ?? known.to) - BigInt(spec.from ?? known.from) + 1n) : 1
        progress?.start(total, 0, { phase: 'build', speed: '—', opportunities: 0, executed: 0 })
      }
      const source = await openSource(spec, { forkUrl: args['fork-url'], streaming: true, onProgress: (done) => progress?.update(done) })
      if (building) progress?.stop()
      const controller = new AbortController()
      const onSignal = () => {
        if (controller.signal.aborted) process.exit(130)
        say('stopping after the current block… (Ctrl-C again to quit now)')
        controller.abort()
      }
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
      const executors = await Promise.all(
        Array.from({ length: args.workers }, () => createForkExecutor({ sourceRpcUrl: source.rpcUrl, manifest: source.manifest, priorityFee: config.execution.priorityFee, chainId: source.chainId })),
      )
      try {
        const total = Number(source.toBlock - source.fromBlock + 1n)
        const started = performance.now()
        let first: number | undefined
        progress?.start(total, 0, { phase: 'replay', speed: '0', opportunities: 0, executed: 0 })
        const result = await runBacktest({
          source,
          config,
          store,
          executor: executors,
          sourceSpec: spec,
          resumeRunId: args.resume,
          maxPerBlock: args['max-per-block'],
          signal: controller.signal,
          onProgress: (p) => {
            first ??= p.processed - 1
            const speed = ((p.processed - first) / Math.max((performance.now() - started) / 1000, 1e-3)).toFixed(0)
            progress?.update(p.processed, { speed, opportunities: p.opportunities, executed: p.executed })
            if (!progress && p.processed % args['log-every'] === 0) say(`block ${p.block}: ${p.processed}/${p.total}, ${p.opportunities} opportunities, ${p.executed} executed`)
          },
        })
        progress?.stop()
        const summary = await summarizeRun(store, result.runId)
        process.stdout.write(`${printSummary(summary, await readRunTokens(store, result.runId))}\n`)
        if (result.status === 'interrupted') say(`interrupted: resume with  arb backtest --resume ${result.runId}`)
      } finally {
        progress?.stop()
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
        await Promise.all(executors.map((e) => e.close()))
        await source.close()
        await store.close()
      }
    },
  )
}

function sourceSpec(args: { scenario?: string; blocks?: number; seed?: number; dataset?: string; 'fork-url'?: string; from?: number; to?: number; manifest?: string }, config: Config): SourceSpec {
  if (args.dataset) return { kind: 'dataset', name: args.dataset, ...(args.from !== undefined ? { from: args.from } : {}), ...(args.to !== undefined ? { to: args.to } : {}) }
  if (args['fork-url']) {
    return { kind: 'fork', from: args.from!, to: args.to!, rpc: redactUrl(args['fork-url']), ...(args.manifest ? { manifest: args.manifest } : {}) }
  }
  const fromConfig = config.source?.kind === 'scenario' ? config.source : undefined
  return {
    kind: 'scenario',
    scenario: args.scenario ?? fromConfig?.scenario ?? DEFAULT_SCENARIO.scenario,
    blocks: args.blocks ?? fromConfig?.blocks ?? DEFAULT_SCENARIO.blocks,
    seed: args.seed ?? fromConfig?.seed ?? DEFAULT_SCENARIO.seed,
  }
}
