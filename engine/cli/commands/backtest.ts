import type { Argv } from 'yargs'
import cliProgress from 'cli-progress'
import { openSource, type OpenedSource, type SourceSpec } from '../../backtest/openSource.js'
import { runBacktest } from '../../backtest/runBacktest.js'
import { summarizeRun } from '../../readModel/summarizeRun.js'
import { loadConfig } from '../../config/loadConfig.js'
import { parseConfig } from '../../config/parseConfig.js'
import type { Config } from '../../config/configSchema.js'
import { realDatasets } from '../../sources/real/realDatasets.js'
import { strategyNames } from '../../strategies/registry.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { redactUrl } from '../../errors/redactUrl.js'
import { createForkExecutor } from '../../executors/createForkExecutor.js'
import { inclusionOf } from '../../executors/inclusion/inclusionOf.js'
import { resolveInclusion } from '../../executors/inclusion/defaultInclusion.js'
import { landingLookahead } from '../../executors/inclusion/InclusionModel.js'
import { INCLUSION_FORMS, parseInclusion } from '../../executors/inclusion/parseInclusion.js'
import { existsSync } from 'node:fs'
import { createRpcClient } from '../../chain/createRpcClient.js'
import type { Executor } from '../../executors/Executor.js'
import { findMissingCode } from '../../market/findMissingCode.js'
import type { Store } from '../../store/openStore.js'
import { maxWorkers, maxWorkersReason } from '../maxWorkers.js'
import { dbOption, openStoreArg } from '../openStoreArg.js'
import { printSummary } from '../printSummary.js'
import { startExecutors } from '../startExecutors.js'
import { readRunTokens } from '../../store/readRunTokens.js'
import { writeUniverseManifest } from '../../universe/writeUniverseManifest.js'
import { archiveFlagOptions, archiveOptionsOf, checkArchiveFlags } from '../archiveFlags.js'
import { formatArchiveUsage } from '../../archive/formatArchiveUsage.js'

/** The embedded default: every strategy, flash loans, over a generated `stress` scenario on the devnet. */
export const DEFAULT_CONFIG: Config = parseConfig({ strategies: strategyNames.map((name) => ({ name })), execution: { mode: 'flash' } })
/**
 * The demo's market: `stress`, 300 blocks. The calibrated `volatile` market leaves about one opportunity that pays its
 * gas per 300–400 blocks (as rare as on mainnet, see the README's calibration): seed 1 over 2,000 blocks sends three
 * trades, all outbid by rivals, a summary with no win in it. `stress` (many trades, bidding rivals) over 300 blocks
 * shows both: about 6 won and 48 outbid with the `priority` model, a few WETH net, where the optimistic `top`
 * bound used to print about 100.
 */
export const DEFAULT_SCENARIO = { scenario: 'stress', blocks: 300, seed: 1 } as const
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
        .option('fork-url', { type: 'string', describe: 'archive JSON-RPC URL to replay (mainnet or any chain; default $ARB_FORK_URL, which keeps a key out of the process list); never stored' })
        .options(archiveFlagOptions)
        .middleware((a) => {
          // The URL (often with a key) may come from the environment, so it never shows in the process list.
          // Only for a range (--from/--to) and no other source, so the embedded default still runs with it set.
          const range = a.from !== undefined && a.to !== undefined
          if (a['fork-url'] === undefined && process.env.ARB_FORK_URL && range && a.dataset === undefined && a.scenario === undefined) a['fork-url'] = process.env.ARB_FORK_URL
        }, true)
        .option('from', { type: 'number', describe: 'first block (with --fork-url, or a sub-window of --dataset)' })
        .option('to', { type: 'number', describe: 'last block, inclusive (with --fork-url, or a sub-window of --dataset)' })
        .option('manifest', { type: 'string', describe: 'manifest of the forked chain (default: the mainnet profile)' })
        .option('universe', { type: 'boolean', describe: 'with --fork-url: trade the tradable pools of `arb pools discover` (this --db) instead of the manifest\'s' })
        .option('strategy', { type: 'string', array: true, describe: `run only these strategies (${strategyNames.join(', ')}); repeatable` })
        .option('config', { type: 'string', describe: 'strategy config file (.json or .ts)' })
        .option('db', dbOption)
        .option('workers', { type: 'number', default: DEFAULT_WORKERS, describe: `fork Anvils working on blocks in parallel, at most ${maxWorkers()} here (the rows are the same at any count)` })
        .option('max-per-block', { type: 'number', default: 8, describe: 'most opportunities simulated per block' })
        .option('inclusion', { type: 'string', describe: `where trades land: ${INCLUSION_FORMS} (default: the config's, else priority on scenarios and archives, delay:1 on datasets)` })
        .option('resume', { type: 'string', describe: 'continue an interrupted run (its id) at its first unprocessed block' })
        .conflicts('resume', ['scenario', 'dataset', 'config', 'blocks', 'seed', 'strategy'])
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
          if (a.workers > maxWorkers()) throw new Error(`--workers: expected an integer from 1 to ${maxWorkers()}, the limit for ${maxWorkersReason()} (got ${a.workers})`)
          int('max-per-block', a['max-per-block'], 1)
          int('log-every', a['log-every'], 1)
          checkArchiveFlags(a)
          if (a['fork-url'] !== undefined && (a.from === undefined || a.to === undefined)) throw new Error('--fork-url needs --from and --to')
          if (a.universe && a['fork-url'] === undefined) throw new Error('--universe needs --fork-url (the chain whose discovered pools to trade)')
          if (a.from !== undefined && a.to !== undefined && a.to < a.from) throw new Error(`--to: expected a block >= --from (${a.from}), got ${a.to}`)
          if (a.inclusion !== undefined && parseInclusion(a.inclusion) === undefined) throw new Error(`--inclusion: expected ${INCLUSION_FORMS} (got "${a.inclusion}")`)
          if (a.inclusion !== undefined && a.resume !== undefined) throw new Error('--inclusion: a resumed run keeps the inclusion model it was started with')
          for (const s of a.strategy ?? []) if (!(strategyNames as readonly string[]).includes(s)) throw new Error(`--strategy: expected one of ${strategyNames.join(', ')} (got "${s}")`)
          return true
        }),
    async (args) => {
      // Everything the user gave is checked before the database is opened (or created) and before any node starts.
      if (args.resume !== undefined && !existsSync(args.db)) throw new ConfigError('--db', 'the DuckDB file of the run to resume', args.db)
      let spec: SourceSpec
      let config: Config
      let forkUrl = args['fork-url']
      let store: Store | undefined
      if (args.resume !== undefined) {
        store = await openStoreArg(args.db)
        try {
          const [row] = await store.query<{ source: string; config_json: string }>('SELECT source, config_json FROM runs WHERE run_id = ?', [args.resume])
          if (!row) throw new ConfigError('--resume', 'the id of a run in this database (see `arb runs`)', args.resume)
          spec = JSON.parse(row.source) as SourceSpec
          // The run's source is its `source` column; the stored config's copy has no RPC URL (storableConfig).
          const { source: _source, ...stored } = JSON.parse(row.config_json) as Record<string, unknown>
          config = parseConfig(stored, `run ${args.resume} config`)
        } catch (e) {
          await store.close()
          throw e
        }
      } else {
        config = args.config ? await loadConfig(args.config) : DEFAULT_CONFIG
        if (args.strategy?.length) config = { ...config, strategies: config.strategies.filter((s) => args.strategy!.includes(s.name)) }
        if (args.strategy?.length && config.strategies.length === 0) {
          config = { ...config, strategies: args.strategy.map((name) => parseConfig({ strategies: [{ name }] }).strategies[0]!) }
        }
        const chosen = sourceSpec(args, config, args.config ?? 'config')
        spec = chosen.spec
        forkUrl = chosen.forkUrl
        // The inclusion model is part of the config (and its hash): the flag, the config's, or the source's default.
        const inclusion = args.inclusion ?? resolveInclusion(config.execution.inclusion, spec.kind)
        config = { ...config, execution: { ...config.execution, inclusion } }
        if (args.universe && spec.kind === 'fork') {
          store ??= await openStoreArg(args.db)
          spec = { ...spec, manifest: await writeUniverseManifest(store, forkUrl!, args.manifest, args.db, spec.from) }
        }
      }
      const blocksWanted = plannedBlocks(spec)
      const workers = Math.max(1, Math.min(args.workers, blocksWanted ?? args.workers))

      const progress = process.stderr.isTTY
        ? new cliProgress.SingleBar({ format: '{phase} [{bar}] {value}/{total} blocks | {speed} blocks/s | {opportunities} opportunities | {executed} executed', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic)
        : null
      const say = (line: string) => process.stderr.write(`${line}\n`)

      // Ctrl-C stops after the current block (the Anvil children are in their own process group, so the
      // terminal's SIGINT reaches only this process); a second one quits at once.
      const controller = new AbortController()
      const onSignal = () => {
        if (controller.signal.aborted) process.exit(130)
        say('stopping after the current block… (Ctrl-C again to quit now)')
        controller.abort()
      }
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
      let source: OpenedSource | undefined
      let executors: Executor[] = []
      try {
        if (spec.kind === 'scenario') say(`generating scenario ${spec.scenario} (${spec.blocks} blocks, seed ${spec.seed}) on a local devnet as it is replayed…`)
        if (spec.kind === 'dataset') say(`re-enacting ${spec.name} on a local devnet…`)
        const building = spec.kind === 'dataset'
        if (spec.kind === 'dataset') progress?.start(blocksWanted ?? 1, 0, { phase: 'build', speed: '—', opportunities: 0, executed: 0 })
        // A streamed scenario holds one block beyond the one handed out: enough for every model but delay:K, K > 1.
        const streaming = landingLookahead(inclusionOf(config)) <= 1
        const archive = archiveOptionsOf(args)
        // A resumed fork run takes its URL again from --fork-url or ARB_FORK_URL (never stored).
        if (forkUrl === undefined && spec.kind === 'fork') forkUrl = process.env.ARB_FORK_URL
        source = await openSource(spec, { forkUrl, archive, streaming, onProgress: (done) => progress?.update(done) })
        if (building) progress?.stop()
        const missing = await findMissingCode(createRpcClient(source.rpcUrl), source.manifest, source.fromBlock, { flash: config.execution.mode === 'flash' })
        if (missing.length > 0) {
          const [first] = missing
          const more = missing.length > 4 ? `, and ${missing.length - 4} more` : ''
          const since = source.manifest.createdAt !== null ? `; the manifest's contracts exist from block ${source.manifest.createdAt}` : ''
          throw new ConfigError(spec.kind === 'fork' ? '--from' : 'source range', `a first block at which the manifest's contracts exist: ${first!.role} ${first!.address} has no code at block ${source.fromBlock}`, undefined, {
            details: `no code at block ${source.fromBlock}: ${missing.slice(0, 4).map((m) => `${m.role} ${m.address}`).join(', ')}${more}${since}`,
          })
        }
        const src = source
        executors = await startExecutors(workers, () => createForkExecutor({
            sourceRpcUrl: src.rpcUrl,
            manifest: src.manifest,
            inclusion: inclusionOf(config),
            chainId: src.chainId,
            // A range of an archive: forks start at its first block, a final (cacheable) one, not the moving head.
            ...(spec.kind === 'fork' ? { forkBlock: src.fromBlock } : {}),
          }))
        if (controller.signal.aborted) {
          say('interrupted before the run started; nothing was recorded')
          process.exitCode = 130
          return
        }
        store ??= await openStoreArg(args.db)
        const total = Number(source.toBlock - source.fromBlock + 1n)
        const started = performance.now()
        let first: number | undefined
        let sessionBlocks = 0
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
          // Recorded by the engine however the run ends (completed, interrupted or failed).
          archiveUsage: () => src.usage?.(),
          onProgress: (p) => {
            sessionBlocks++
            first ??= p.processed - 1
            const speed = ((p.processed - first) / Math.max((performance.now() - started) / 1000, 1e-3)).toFixed(0)
            progress?.update(p.processed, { speed, opportunities: p.opportunities, executed: p.executed })
            if (!progress && p.processed % args['log-every'] === 0) say(`block ${p.block}: ${p.processed}/${p.total}, ${p.opportunities} opportunities, ${p.executed} executed`)
          },
        })
        progress?.stop()
        const usage = source.usage?.()
        const summary = await summarizeRun(store, result.runId)
        process.stdout.write(`${printSummary(summary, await readRunTokens(store, result.runId))}\n`)
        if (usage) say(formatArchiveUsage(usage, sessionBlocks))
        if (result.status === 'interrupted') {
          say(`interrupted: resume with  arb backtest --resume ${result.runId}`)
          process.exitCode = 130
        }
      } finally {
        progress?.stop()
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
        await Promise.allSettled(executors.map((e) => e.close()))
        await source?.close().catch(() => {})
        await store?.close()
      }
    },
  )
}

/** Blocks the spec names, when known before the source is built (a fork's or a dataset's range, a scenario's length). */
function plannedBlocks(spec: SourceSpec): number | undefined {
  if (spec.kind === 'scenario') return spec.blocks
  if (spec.kind === 'fork') return spec.to - spec.from + 1
  const known = realDatasets[spec.name]
  return known ? Number(BigInt(spec.to ?? known.to) - BigInt(spec.from ?? known.from) + 1n) : undefined
}

/**
 * The source of a new run: command-line flags first, else the config's `source` (scenario, dataset or fork),
 * else the embedded default scenario. A fork's URL is returned apart: the spec only holds it redacted.
 */
function sourceSpec(
  args: { scenario?: string; blocks?: number; seed?: number; dataset?: string; 'fork-url'?: string; from?: number; to?: number; manifest?: string },
  config: Config,
  origin: string,
): { spec: SourceSpec; forkUrl?: string } {
  const fromConfig = args.scenario !== undefined || args.dataset !== undefined || args['fork-url'] !== undefined ? undefined : config.source
  const range = { ...(args.from !== undefined ? { from: args.from } : {}), ...(args.to !== undefined ? { to: args.to } : {}) }
  const dataset = args.dataset ?? (fromConfig?.kind === 'dataset' ? fromConfig.name : undefined)
  if (dataset !== undefined) {
    if (fromConfig?.kind === 'dataset' && fromConfig.path !== undefined) {
      throw new ConfigError(`${origin}.source.path`, `no path: a dataset is named (one of ${Object.keys(realDatasets).join(', ')}); replay other files with \`arb history import\``, fromConfig.path)
    }
    const field = args.dataset !== undefined ? '--dataset' : `${origin}.source.name`
    const known = realDatasets[dataset]
    if (!known) throw new ConfigError(field, `one of ${Object.keys(realDatasets).join(', ')}`, dataset)
    for (const [flag, v] of Object.entries(range)) {
      if (BigInt(v) < known.from || BigInt(v) > known.to) throw new ConfigError(`--${flag}`, `a block of ${dataset} (${known.from} to ${known.to})`, v)
    }
    return { spec: { kind: 'dataset', name: dataset, ...range } }
  }
  const forkUrl = args['fork-url'] ?? (fromConfig?.kind === 'fork' ? fromConfig.rpcUrl : undefined)
  if (forkUrl !== undefined) {
    const from = args.from ?? (fromConfig?.kind === 'fork' ? fromConfig.from : undefined)
    const to = args.to ?? (fromConfig?.kind === 'fork' ? fromConfig.to : undefined)
    if (from === undefined || to === undefined) throw new ConfigError('--fork-url', 'a range: --from and --to')
    if (to < from) throw new ConfigError('--to', `a block >= --from (${from})`, to)
    return { spec: { kind: 'fork', from, to, rpc: redactUrl(forkUrl), ...(args.manifest ? { manifest: args.manifest } : {}) }, forkUrl }
  }
  const scenario = fromConfig?.kind === 'scenario' ? fromConfig : undefined
  return {
    spec: {
      kind: 'scenario',
      scenario: args.scenario ?? scenario?.scenario ?? DEFAULT_SCENARIO.scenario,
      blocks: args.blocks ?? scenario?.blocks ?? DEFAULT_SCENARIO.blocks,
      seed: args.seed ?? scenario?.seed ?? DEFAULT_SCENARIO.seed,
    },
  }
}
