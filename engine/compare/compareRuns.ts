import { accuracy, captureRate, rate } from '../readModel/accuracy.js'
import { pnlByToken } from '../readModel/pnlByToken.js'
import { readPnl } from '../readModel/readPnl.js'
import { readInclusionRates, type BuilderInclusion } from '../readModel/readInclusionRates.js'
import { readRun } from '../readModel/readRun.js'
import { readStrategyTotals } from '../readModel/readStrategyTotals.js'
import { readTrades, type TradeRow } from '../readModel/readTrades.js'
import type { Store } from '../store/openStore.js'
import { readRunTokens } from '../store/readRunTokens.js'

/** One strategy of one run: how many it found, sent and landed, and how well simulation predicted chain. */
export type StrategyFigures = {
  strategy: string
  opportunities: number
  simulatedOk: number
  executed: number
  executedOk: number
  /** executedOk / executed; NaN when nothing was sent (paper). */
  successRate: number
  /** 1 − Σ|realized − simulated| / Σ|simulated| over successful trades; NaN without one. */
  accuracy: number
  /** 1 − Σ|simulated − expected| / Σ|expected| over successful simulations: the strategy's math vs the node. */
  modelAccuracy: number
  /** Σ realized / Σ simulated over sent trades (a reverted one realized 0). */
  captureRate: number
  /** Sent trades by outcome where they landed. */
  outcomes: { won: number; shrunk: number; reverted: number; outbid: number }
  /** Share of sent trades with a rival ahead of them on one of their pools. */
  rivalShare: number
}

export type RunComparison = {
  runs: [RunInfo, RunInfo]
  sameConfig: boolean
  /** The configs are the same but for `execution.inclusion` (compare `runs[i].inclusion`). */
  sameButInclusion: boolean
  /** Every strategy of either run, each with the figures of run A and run B (zeros where absent). */
  strategies: { strategy: string; a: StrategyFigures; b: StrategyFigures }[]
  /** Net P&L (Σ executions.net_profit over successful trades) per start token, base units. */
  pnl: { token: string; symbol: string; decimals: number; a: bigint; b: bigint }[]
  /**
   * Per trade, by opportunity (the same block's state gives the same opportunity id in both runs): what each run
   * simulated and realized, for every opportunity either run sent. Start-token base units.
   */
  trades: TradeComparison[]
  /** Inclusion rate per builder of each run that sent bundles (empty for the other). */
  inclusion: { a: BuilderInclusion[]; b: BuilderInclusion[] }
}

/** One opportunity traded in run A, run B or both. */
export type TradeComparison = {
  opportunityId: string
  block: bigint
  strategy: string
  token: string
  symbol: string
  decimals: number
  a: TradeSide | null
  b: TradeSide | null
}

export type TradeSide = { simulated: bigint | null; realized: bigint | null; success: boolean; error: string | null }

export type RunInfo = { runId: string; mode: string; configHash: string; chainId: bigint; inclusion: string | null }

/**
 * Compares two runs of one config, typically a backtest with a paper or live run: per strategy the
 * opportunities, executions, success rate and accuracy (simulated vs realized, and the strategy's expected
 * profit vs the simulation), net P&L per token, per trade the simulated and realized profit of each run, and
 * the inclusion rate per builder of a run that sent bundles. Reorged opportunities are left out.
 */
export async function compareRuns(store: Store, runA: string, runB: string): Promise<RunComparison> {
  const info = async (runId: string): Promise<RunInfo & { config: string }> => {
    const r = await readRun(store, runId)
    return { runId, mode: r.mode, configHash: r.config_hash, chainId: r.chain_id, inclusion: r.inclusion ?? null, config: withoutInclusion(r.config_json) }
  }
  const [a, b] = [await info(runA), await info(runB)]
  const figures = async (runId: string) =>
    new Map(
      (await readStrategyTotals(store, runId)).map((t): [string, StrategyFigures] => [
        t.strategy,
        {
          strategy: t.strategy,
          opportunities: t.opportunities,
          simulatedOk: t.simulatedOk,
          executed: t.executed,
          executedOk: t.executedOk,
          successRate: rate(t.executedOk, t.executed),
          accuracy: accuracy(t.simulationError, t.simulationBase),
          modelAccuracy: accuracy(t.modelError, t.modelBase),
          captureRate: captureRate(t.captured, t.simulatedSent),
          outcomes: { won: t.won, shrunk: t.shrunk, reverted: t.reverted, outbid: t.outbid },
          rivalShare: rate(t.rivals, t.executed),
        },
      ]),
    )
  const [fa, fb] = [await figures(runA), await figures(runB)]
  const empty = (strategy: string): StrategyFigures => ({
    strategy,
    opportunities: 0,
    simulatedOk: 0,
    executed: 0,
    executedOk: 0,
    successRate: Number.NaN,
    accuracy: Number.NaN,
    modelAccuracy: Number.NaN,
    captureRate: Number.NaN,
    outcomes: { won: 0, shrunk: 0, reverted: 0, outbid: 0 },
    rivalShare: Number.NaN,
  })
  const names = [...new Set([...fa.keys(), ...fb.keys()])].sort()

  const pnlOf = async (runId: string) => new Map(pnlByToken(await readPnl(store, runId)).map((r) => [r.token.toLowerCase(), r.netProfit]))
  const [pa, pb] = [await pnlOf(runA), await pnlOf(runB)]
  const tokens = new Map([...(await readRunTokens(store, runA)), ...(await readRunTokens(store, runB))])
  const pnl = [...new Set([...pa.keys(), ...pb.keys()])].sort().map((token) => ({
    token,
    symbol: tokens.get(token)?.symbol ?? token,
    decimals: tokens.get(token)?.decimals ?? 18,
    a: pa.get(token) ?? 0n,
    b: pb.get(token) ?? 0n,
  }))
  const side = (t: TradeRow): TradeSide => ({ simulated: t.simulated_profit, realized: t.realized_profit, success: t.success, error: t.error })
  const byId = new Map<string, TradeComparison>()
  for (const [key, rows] of [['a', await readTrades(store, runA)], ['b', await readTrades(store, runB)]] as const) {
    for (const t of rows) {
      const row = byId.get(t.opportunity_id) ?? {
        opportunityId: t.opportunity_id,
        block: t.block_number,
        strategy: t.strategy,
        token: t.token_in,
        symbol: tokens.get(t.token_in.toLowerCase())?.symbol ?? t.token_in,
        decimals: tokens.get(t.token_in.toLowerCase())?.decimals ?? 18,
        a: null,
        b: null,
      }
      row[key] = side(t)
      byId.set(t.opportunity_id, row)
    }
  }
  const trades = [...byId.values()].sort((x, y) => (x.block === y.block ? x.opportunityId.localeCompare(y.opportunityId) : x.block < y.block ? -1 : 1))
  return {
    runs: [strip(a), strip(b)],
    sameConfig: a.configHash === b.configHash,
    // A `top` backtest and a realistic one of one config differ only in where trades land: still like for like.
    sameButInclusion: a.configHash !== b.configHash && a.config === b.config,
    strategies: names.map((s) => ({ strategy: s, a: fa.get(s) ?? empty(s), b: fb.get(s) ?? empty(s) })),
    pnl,
    trades,
    inclusion: { a: await readInclusionRates(store, runA), b: await readInclusionRates(store, runB) },
  }
}

/** A stored config as canonical JSON without its inclusion model: what two runs must share to differ only in that. */
function withoutInclusion(configJson: string): string {
  const config = JSON.parse(configJson) as { execution?: Record<string, unknown> }
  if (config.execution) delete config.execution.inclusion
  return JSON.stringify(config)
}

const strip = ({ config: _config, ...info }: RunInfo & { config: string }): RunInfo => info
