import type { Argv } from 'yargs'
import { openSource, type SourceSpec } from '../../backtest/openSource.js'
import { redactUrl } from '../../errors/redactUrl.js'
import { parseConfig } from '../../config/parseConfig.js'
import { loadGrid } from '../../research/sweep/loadGrid.js'
import { runSweep } from '../../research/sweep/runSweep.js'
import type { RankedRun } from '../../research/sweep/rankSweep.js'
import { formatPercent } from '../../format/formatPercent.js'
import { formatUnits } from '../../format/formatUnits.js'
import { table } from '../../format/table.js'
import { maxWorkers, maxWorkersReason } from '../maxWorkers.js'
import { dbOption, openStoreArg } from '../openStoreArg.js'
import { readRunTokens } from '../../store/readRunTokens.js'
import type { Store } from '../../store/openStore.js'

const DEFAULT_SCENARIO = { scenario: 'volatile', blocks: 300, seed: 1 } as const

/**
 * `arb sweep --grid research/sweeps/<name>.json`: every combination of the grid's axis values as a backtest
 * over one source (built once), in parallel on `--workers` Anvil forks; prints the ranking. Running the same
 * grid on the same source again resumes it (finished points are skipped); `--fresh` starts over.
 */
export function sweepCommand(cli: Argv): Argv {
  return cli.command(
    'sweep',
    'Run a parameter grid of backtests in parallel and rank them by net P&L, then success rate',
    (y) =>
      y
        .option('grid', { type: 'string', demandOption: true, describe: 'sweep file: base config + axes (see research/README.md)' })
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
        .option('max-per-block', { type: 'number', default: 8, describe: 'most opportunities simulated per block' })
        .conflicts('scenario', ['fork-url'])
        .check((a) => {
          for (const name of ['workers', 'blocks', 'seed', 'from', 'to', 'max-per-block'] as const) {
            const v = a[name]
            const min = name === 'workers' || name === 'blocks' || name === 'max-per-block' ? 1 : 0
            if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < min)) throw new Error(`--${name}: expected an integer >= ${min} (got ${String(v)})`)
          }
          if (a.workers > maxWorkers()) throw new Error(`--workers: expected an integer from 1 to ${maxWorkers()}, the limit for ${maxWorkersReason()} (got ${a.workers})`)
          if (a['fork-url'] !== undefined && (a.from === undefined || a.to === undefined)) throw new Error('--fork-url needs --from and --to')
          return true
        }),
    async (args) => {
      const grid = await loadGrid(args.grid)
      const base = parseConfig(grid.base, `${args.grid}: base`)
      const spec: SourceSpec = args['fork-url']
        ? { kind: 'fork', from: args.from!, to: args.to!, rpc: redactUrl(args['fork-url']), ...(args.manifest ? { manifest: args.manifest } : {}) }
        : {
            kind: 'scenario',
            scenario: args.scenario ?? (base.source?.kind === 'scenario' ? base.source.scenario : DEFAULT_SCENARIO.scenario),
            blocks: args.blocks ?? (base.source?.kind === 'scenario' ? base.source.blocks : DEFAULT_SCENARIO.blocks),
            seed: args.seed ?? (base.source?.kind === 'scenario' ? base.source.seed : DEFAULT_SCENARIO.seed),
          }
      const say = (line: string) => process.stderr.write(`${line}\n`)
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
        const source = await openSource(spec, { forkUrl: args['fork-url'] })
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
