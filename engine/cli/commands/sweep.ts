import { resolve } from 'node:path'
import type { Argv } from 'yargs'
import { formatArchiveUsage } from '../../archive/formatArchiveUsage.js'
import { openSource, type SourceSpec } from '../../backtest/openSource.js'
import { archiveFlagOptions, archiveOptionsOf, checkArchiveFlags } from '../archiveFlags.js'
import { redactUrl } from '../../errors/redactUrl.js'
import { parseConfig } from '../../config/parseConfig.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { loadGrid } from '../../research/sweep/loadGrid.js'
import { withDefaultInclusion } from '../../executors/inclusion/withDefaultInclusion.js'
import { runSweep } from '../../research/sweep/runSweep.js'
import type { RankedRun } from '../../research/sweep/rankSweep.js'
import { formatPercent } from '../../format/formatPercent.js'
import { formatUnits } from '../../format/formatUnits.js'
import { table } from '../../format/table.js'
import { maxWorkers, maxWorkersReason } from '../maxWorkers.js'
import { dbOption, openStoreArg } from '../openStoreArg.js'
import { readRunTokens } from '../../store/readRunTokens.js'
import type { Store } from '../../store/openStore.js'
import { collectSweep, type CollectResult } from '../../queue/collectSweep.js'
import { enqueueSweep } from '../../queue/enqueueSweep.js'
import { planSweep, type SweepPlan } from '../../queue/planSweep.js'
import { readSweepPlan } from '../../queue/readSweepPlan.js'
import { readSweepProgress, type SweepProgress } from '../../queue/readSweepProgress.js'
import { checkRedis } from '../../queue/redisConnection.js'
import { openSweepQueue } from '../../queue/sweepQueue.js'
import { watchSweep } from '../../queue/watchSweep.js'
import { rankSweep } from '../../research/sweep/rankSweep.js'

const DEFAULT_SCENARIO = { scenario: 'volatile', blocks: 300, seed: 1 } as const

/** Where queued sweeps keep their plan and job files unless `--results` says otherwise. */
export const DEFAULT_RESULTS_DIR = 'data/sweeps'

const queueOption = { type: 'string', describe: 'Redis URL of the job queue, redis://HOST:PORT' } as const
const resultsOption = { type: 'string', default: DEFAULT_RESULTS_DIR, describe: 'results folder shared with the workers (a shared filesystem)' } as const

/**
 * `arb sweep --grid research/sweeps/<name>.json`: every combination of the grid's axis values as a backtest
 * over one source (built once), in parallel on `--workers` Anvil forks; prints the ranking. Running the same
 * grid on the same source again resumes it (finished points are skipped); `--fresh` starts over.
 *
 * With `--queue redis://HOST:PORT` the points (split into `--shard-blocks` ranges) become BullMQ jobs for
 * `arb worker`s on any machine: it enqueues them, shows progress, waits, and merges the job files from
 * `--results` into `--db`. `arb sweep status SWEEP_ID` and `arb sweep collect SWEEP_ID` do the last two later.
 */
export function sweepCommand(cli: Argv): Argv {
  return cli.command(
    'sweep',
    'Run a parameter grid of backtests in parallel and rank them by net P&L, then success rate',
    (y) =>
      y
        .command(
          'status <sweepId>',
          'Progress of a queued sweep: jobs waiting, active, done, failed',
          (s) => s.positional('sweepId', { type: 'string', demandOption: true }).option('queue', queueOption).option('results', resultsOption),
          (a) => sweepStatus(a.sweepId, a.results, a.queue),
        )
        .command(
          'collect <sweepId>',
          'Merge a queued sweep’s finished job files into the database and rank its points',
          (s) => s.positional('sweepId', { type: 'string', demandOption: true }).option('results', resultsOption).option('db', dbOption),
          (a) => sweepCollect(a.sweepId, a.results, a.db),
        )
        .option('grid', { type: 'string', describe: 'sweep file: base config + axes (see research/README.md)' })
        .option('queue', { ...queueOption, describe: 'run the grid as jobs on `arb worker`s through this Redis, redis://HOST:PORT' })
        .option('shard-blocks', { type: 'number', describe: 'with --queue: split each point’s range into jobs of this many blocks' })
        .option('results', resultsOption)
        .option('wait', { type: 'boolean', default: true, describe: 'with --queue: wait for the jobs and collect them (--no-wait: only enqueue)' })
        .option('db', dbOption)
        .option('workers', { type: 'number', default: 2, describe: 'points run in parallel, each on its own Anvil fork' })
        .option('fresh', { type: 'boolean', default: false, describe: 'start a new sweep instead of resuming this grid on this source' })
        .option('scenario', { type: 'string', describe: 'generated scenario: calm, volatile, crash or stress (default: the base config’s source, else volatile)' })
        .option('blocks', { type: 'number', describe: 'scenario length in blocks' })
        .option('seed', { type: 'number', describe: 'scenario seed' })
        .option('fork-url', { type: 'string', describe: 'replay this JSON-RPC node instead (never stored)' })
        .option('from', { type: 'number', describe: 'first block (with --fork-url)' })
        .option('to', { type: 'number', describe: 'last block, inclusive (with --fork-url)' })
        .option('manifest', { type: 'string', describe: 'manifest of the forked chain (with --fork-url)' })
        .options(archiveFlagOptions)
        .option('max-per-block', { type: 'number', default: 8, describe: 'most opportunities simulated per block' })
        .conflicts('scenario', ['fork-url'])
        .check((a) => {
          for (const name of ['workers', 'blocks', 'seed', 'from', 'to', 'max-per-block', 'shard-blocks'] as const) {
            const v = a[name]
            const min = name === 'workers' || name === 'blocks' || name === 'max-per-block' || name === 'shard-blocks' ? 1 : 0
            if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < min)) throw new Error(`--${name}: expected an integer >= ${min} (got ${String(v)})`)
          }
          if (a.workers > maxWorkers()) throw new Error(`--workers: expected an integer from 1 to ${maxWorkers()}, the limit for ${maxWorkersReason()} (got ${a.workers})`)
          if (a['fork-url'] !== undefined && (a.from === undefined || a.to === undefined)) throw new Error('--fork-url needs --from and --to')
          checkArchiveFlags(a)
          if (a['fork-url'] === undefined && (a.cache !== undefined || a['rpc-rate'] !== undefined || a['rpc-batch'] !== undefined)) {
            throw new Error('--cache, --rpc-rate and --rpc-batch: only with --fork-url (they limit what the sweep reads from an archive)')
          }
          if (a['shard-blocks'] !== undefined && a.queue === undefined) throw new Error('--shard-blocks: only with --queue (shards are jobs for `arb worker`s)')
          return true
        }),
    async (args) => {
      if (args.grid === undefined) throw new ConfigError('--grid', 'a sweep file (research/sweeps/NAME.json), or `arb sweep status|collect SWEEP_ID`')
      const loaded = await loadGrid(args.grid)
      const base = parseConfig(loaded.base, `${args.grid}: base`)
      const spec: SourceSpec = args['fork-url']
        ? { kind: 'fork', from: args.from!, to: args.to!, rpc: redactUrl(args['fork-url']), ...(args.manifest ? { manifest: args.manifest } : {}) }
        : {
            kind: 'scenario',
            scenario: args.scenario ?? (base.source?.kind === 'scenario' ? base.source.scenario : DEFAULT_SCENARIO.scenario),
            blocks: args.blocks ?? (base.source?.kind === 'scenario' ? base.source.blocks : DEFAULT_SCENARIO.blocks),
            seed: args.seed ?? (base.source?.kind === 'scenario' ? base.source.seed : DEFAULT_SCENARIO.seed),
          }
      // Where trades land is part of every point's config (and hash): the grid's, else the source kind's default.
      const grid = { ...loaded, base: withDefaultInclusion(loaded.base, spec.kind) }
      const say = (line: string) => process.stderr.write(`${line}\n`)
      if (args.queue !== undefined) {
        if (spec.kind === 'fork' && args.manifest) spec.manifest = resolve(args.manifest)
        const plan = planSweep({ grid, source: spec, shardBlocks: args['shard-blocks'], maxPerBlock: args['max-per-block'], fresh: args.fresh })
        return queuedSweep({ plan, queueUrl: args.queue, results: resolve(args.results), db: args.db, wait: args.wait })
      }
      const store = await openStoreArg(args.db)
      const controller = new AbortController()
      const onSignal = () => {
        if (controller.signal.aborted) process.exit(130)
        say('stopping every worker after its current block… (Ctrl-C again to quit now)')
        controller.abort()
      }
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
      try {
        if (spec.kind === 'scenario') say(`building scenario ${spec.scenario} (${spec.blocks} blocks, seed ${spec.seed})…`)
        const source = await openSource(spec, { forkUrl: args['fork-url'], archive: archiveOptionsOf(args) })
        try {
          const result = await runSweep({
            grid,
            store,
            source,
            sourceSpec: spec,
            workers: args.workers,
            fresh: args.fresh,
            signal: controller.signal,
            maxPerBlock: args['max-per-block'],
            onPoint: (e) => say(`point ${e.point} ${JSON.stringify(e.params)}: ${e.status}${e.runId ? ` ${e.runId}` : ''}${e.error ? ` (${e.error})` : ''}`),
          })
          process.stdout.write(`sweep ${result.sweepId}  ${result.status}  ${result.points} points\n\n${await formatRanking(store, result.ranking, grid.rankToken)}\n`)
          // Points share one source (and its cache), so the archive's cost is the whole sweep's, over every point's blocks.
          const usage = source.usage?.()
          if (usage) say(`sweep ${formatArchiveUsage(usage, result.points * Number(source.toBlock - source.fromBlock + 1n))}`)
          if (result.status === 'interrupted') say(`interrupted: run the same command again to resume sweep ${result.sweepId}`)
          if (result.status === 'failed') process.exitCode = 1
        } finally {
          await source.close()
        }
      } finally {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
        await store.close()
      }
    },
  )
}

/** The ranking as a table: one column per parameter and per start token's net P&L (decimal units). */
export async function formatRanking(store: Store, ranking: readonly RankedRun[], rankToken: string): Promise<string> {
  const withRun = ranking.find((r) => r.runId)
  const tokens = withRun?.runId ? await readRunTokens(store, withRun.runId) : new Map<string, { symbol: string; decimals: number }>()
  const paramKeys = [...new Set(ranking.flatMap((r) => Object.keys(r.params)))]
  const tokenKeys = [...new Set(ranking.flatMap((r) => [...r.netByToken.keys()]))].sort((a, b) => (tokens.get(a)?.symbol === rankToken ? -1 : tokens.get(b)?.symbol === rankToken ? 1 : a.localeCompare(b)))
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))
  return table(
    ['rank', 'point', ...paramKeys, 'status', 'run id', 'config', 'executed', 'success', ...tokenKeys.map((t) => `net ${tokens.get(t)?.symbol ?? t}`)],
    ranking.map((r) => [
      r.rank,
      r.point,
      ...paramKeys.map((k) => show(r.params[k])),
      r.status,
      r.runId ?? '—',
      r.configHash,
      `${r.executedOk}/${r.executed}`,
      formatPercent(r.successRate),
      ...tokenKeys.map((t) => {
        const v = r.netByToken.get(t)
        return v === undefined ? '—' : formatUnits(v, tokens.get(t)?.decimals ?? 18)
      }),
    ]),
  )
}

/** `arb sweep --queue`: enqueue the plan, then (unless --no-wait) show progress, wait, collect and rank. */
async function queuedSweep(o: { plan: SweepPlan; queueUrl: string; results: string; db: string; wait: boolean }): Promise<void> {
  const { plan, results } = o
  const say = (line: string) => process.stderr.write(`${line}\n`)
  const unsplit = new Map<string, number[]>()
  for (const p of plan.points) if (p.unsplit) unsplit.set(p.unsplit.join(' and '), [...(unsplit.get(p.unsplit.join(' and ')) ?? []), p.point])
  for (const [limits, points] of unsplit) {
    const which = points.length === 1 ? `point ${points[0]} is` : `points ${points.join(', ')} are`
    say(`${which} not split into shards: ${limits} ${limits.includes(' and ') ? 'depend' : 'depends'} on earlier outcomes, so each runs its whole range as one job`)
  }
  await checkRedis(o.queueUrl)
  const queue = openSweepQueue(o.queueUrl)
  const controller = new AbortController()
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130)
    controller.abort()
  }
  try {
    const jobs = plan.points.reduce((n, p) => n + p.shards.length, 0)
    const e = await enqueueSweep({ queue, plan, results })
    say(`sweep ${plan.sweepId}: ${jobs} jobs (${plan.points.length} points, ${plan.sourceBlocks} blocks each); ${e.added} enqueued, ${e.retried} retried, ${e.queued} already queued, ${e.done} already done`)
    if (!o.wait) {
      process.stdout.write(`sweep ${plan.sweepId}  queued  ${jobs} jobs\n`)
      say(`follow it with \`arb sweep status ${plan.sweepId}\`, merge it with \`arb sweep collect ${plan.sweepId}\``)
      return
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    let lastLine = ''
    let lastAt = 0
    const report = await watchSweep({
      queue,
      plan,
      results,
      signal: controller.signal,
      onReport: (r) => {
        const line = progressLine(r, r.blocksPerSecond)
        // A line when the counts change, else every 10 s.
        if (line.replace(/ · [\d.]+ blocks\/s$/, '') !== lastLine.replace(/ · [\d.]+ blocks\/s$/, '') || Date.now() - lastAt > 10_000) {
          say(line)
          lastLine = line
          lastAt = Date.now()
        }
      },
    })
    if (controller.signal.aborted) {
      say(`stopped watching; the jobs go on. \`arb sweep status ${plan.sweepId}\`, then \`arb sweep collect ${plan.sweepId}\``)
      return
    }
    for (const f of report.failures) say(`failed ${f.job}: ${f.error}`)
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    await queue.close()
  }
  await sweepCollect(plan.sweepId, results, o.db, plan)
}

function progressLine(p: SweepProgress, blocksPerSecond?: number): string {
  const c = p.counts
  const parts = [`waiting ${c.waiting}`, `active ${c.active}`, `done ${c.done}`, `failed ${c.failed}`]
  if (c.missing) parts.push(`missing ${c.missing}`)
  if (c.pending) parts.push(`not done ${c.pending}`)
  const speed = blocksPerSecond === undefined ? '' : ` · ${blocksPerSecond.toFixed(1)} blocks/s`
  return `jobs ${p.jobs}: ${parts.join(', ')} · ${p.blocksDone}/${p.blocksTotal} blocks${speed}`
}

/** `arb sweep status SWEEP_ID`: job counts from the results folder and, with --queue, from Redis. */
async function sweepStatus(sweepId: string, resultsDir: string, queueUrl: string | undefined): Promise<void> {
  const results = resolve(resultsDir)
  const plan = await readSweepPlan(results, sweepId)
  if (queueUrl) await checkRedis(queueUrl)
  const queue = queueUrl ? openSweepQueue(queueUrl) : undefined
  try {
    const p = await readSweepProgress({ plan, results, queue })
    const status = p.counts.done === p.jobs ? 'completed' : p.counts.failed > 0 && p.counts.done + p.counts.failed === p.jobs ? 'failed' : 'running'
    process.stdout.write(`sweep ${sweepId}  ${status}  ${plan.points.length} points\n${progressLine(p)}\n\n`)
    const keys = [...new Set(p.points.flatMap((x) => Object.keys(x.params)))]
    const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v))
    const waiting = (c: SweepProgress['counts']) => c.waiting + c.missing + c.pending
    process.stdout.write(
      `${table(
        ['point', ...keys, 'jobs', 'done', 'active', 'waiting', 'failed'],
        p.points.map((x) => [x.point, ...keys.map((k) => show(x.params[k])), x.shards, x.counts.done, x.counts.active, waiting(x.counts), x.counts.failed]),
      )}\n`,
    )
    for (const f of p.failures) process.stdout.write(`failed ${f.job}: ${f.error}\n`)
    if (p.counts.missing > 0) process.stderr.write(`${p.counts.missing} jobs are neither done nor in Redis: run the same \`arb sweep --queue\` command again to enqueue them\n`)
  } finally {
    await queue?.close()
  }
}

/** `arb sweep collect SWEEP_ID`: merge the finished job files into the database, print the ranking. */
async function sweepCollect(sweepId: string, resultsDir: string, db: string, known?: SweepPlan): Promise<void> {
  const results = resolve(resultsDir)
  const plan = known ?? (await readSweepPlan(results, sweepId))
  const store = await openStoreArg(db)
  try {
    const c: CollectResult = await collectSweep({ store, plan, results })
    process.stderr.write(`collected ${c.merged} job files (${c.skipped} already in), ${c.failed} failed, ${c.pending} not done\n`)
    const ranking = await rankSweep(store, sweepId, plan.grid.rankToken)
    process.stdout.write(`sweep ${sweepId}  ${c.status}  ${plan.points.length} points\n\n${await formatRanking(store, ranking, plan.grid.rankToken)}\n`)
    if (c.status === 'failed') process.exitCode = 1
  } finally {
    await store.close()
  }
}
