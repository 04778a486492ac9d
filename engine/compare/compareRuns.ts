import { accuracy, rate } from '../readModel/accuracy.js'
import { pnlByToken } from '../readModel/pnlByToken.js'
import { readPnl } from '../readModel/readPnl.js'
import { readRun } from '../readModel/readRun.js'
import { readStrategyTotals } from '../readModel/readStrategyTotals.js'
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
}

export type RunComparison = {
  runs: [RunInfo, RunInfo]
  sameConfig: boolean
  /** Every strategy of either run, each with the figures of run A and run B (zeros where absent). */
  strategies: { strategy: string; a: StrategyFigures; b: StrategyFigures }[]
  /** Net P&L (Σ executions.net_profit over successful trades) per start token, base units. */
  pnl: { token: string; symbol: string; decimals: number; a: bigint; b: bigint }[]
}

export type RunInfo = { runId: string; mode: string; configHash: string; chainId: bigint }

/**
 * Compares two runs of one config, typically a backtest with a paper or live run: per strategy the
 * opportunities, executions, success rate and accuracy (simulated vs realized, and the strategy's expected
 * profit vs the simulation), and net P&L per token. Reorged opportunities are left out.
 */
export async function compareRuns(store: Store, runA: string, runB: string): Promise<RunComparison> {
  const info = async (runId: string): Promise<RunInfo> => {
    const r = await readRun(store, runId)
    return { runId, mode: r.mode, configHash: r.config_hash, chainId: r.chain_id }
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
        },
      ]),
    )
  const [fa, fb] = [await figures(runA), await figures(runB)]
  const empty = (strategy: string): StrategyFigures => ({ strategy, opportunities: 0, simulatedOk: 0, executed: 0, executedOk: 0, successRate: Number.NaN, accuracy: Number.NaN, modelAccuracy: Number.NaN })
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
  return {
    runs: [a, b],
    sameConfig: a.configHash === b.configHash,
    strategies: names.map((s) => ({ strategy: s, a: fa.get(s) ?? empty(s), b: fb.get(s) ?? empty(s) })),
    pnl,
  }
}
