import { BaseError } from '../errors/BaseError.js'
import { NOT_REORGED } from '../gates/evaluateGates.js'
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
    const [r] = await store.query<{ mode: string; config_hash: string; chain_id: bigint }>('SELECT mode, config_hash, chain_id FROM runs WHERE run_id = ?', [runId])
    if (!r) throw new BaseError(`No run ${runId}`, { details: 'see `arb runs` for the run ids in this database' })
    return { runId, mode: r.mode, configHash: r.config_hash, chainId: r.chain_id }
  }
  const [a, b] = [await info(runA), await info(runB)]
  const figures = async (runId: string) => {
    const rows = await store.query<Record<string, unknown>>(
      `SELECT o.strategy,
              count(*) AS opportunities,
              count(*) FILTER (WHERE s.success) AS sim_ok,
              count(e.opportunity_id) AS executed,
              count(*) FILTER (WHERE e.success) AS executed_ok,
              sum(abs(e.realized_profit - s.simulated_profit)) FILTER (WHERE e.success AND s.success) AS err,
              sum(abs(s.simulated_profit)) FILTER (WHERE e.success AND s.success) AS sim,
              sum(abs(s.simulated_profit - o.expected_profit)) FILTER (WHERE s.success) AS model_err,
              sum(abs(o.expected_profit)) FILTER (WHERE s.success) AS expected
       FROM opportunities o
       LEFT JOIN simulations s USING (run_id, opportunity_id)
       LEFT JOIN executions e USING (run_id, opportunity_id)
       WHERE o.run_id = $1 AND ${NOT_REORGED}
       GROUP BY o.strategy`,
      [runId],
    )
    return new Map(
      rows.map((r) => {
        const n = (k: string) => Number((r[k] as bigint | null) ?? 0n)
        const ratio = (err: string, base: string) => (r[base] ? 1 - n(err) / n(base) : Number.NaN)
        const f: StrategyFigures = {
          strategy: String(r.strategy),
          opportunities: n('opportunities'),
          simulatedOk: n('sim_ok'),
          executed: n('executed'),
          executedOk: n('executed_ok'),
          successRate: n('executed') > 0 ? n('executed_ok') / n('executed') : Number.NaN,
          accuracy: ratio('err', 'sim'),
          modelAccuracy: ratio('model_err', 'expected'),
        }
        return [f.strategy, f]
      }),
    )
  }
  const [fa, fb] = [await figures(runA), await figures(runB)]
  const empty = (strategy: string): StrategyFigures => ({ strategy, opportunities: 0, simulatedOk: 0, executed: 0, executedOk: 0, successRate: Number.NaN, accuracy: Number.NaN, modelAccuracy: Number.NaN })
  const names = [...new Set([...fa.keys(), ...fb.keys()])].sort()

  const pnlOf = async (runId: string) =>
    new Map(
      (
        await store.query<{ token: string; net: bigint | null }>(
          `SELECT o.token_in AS token, sum(e.net_profit) AS net FROM executions e JOIN opportunities o USING (run_id, opportunity_id)
           WHERE e.run_id = $1 AND e.success AND ${NOT_REORGED} GROUP BY o.token_in`,
          [runId],
        )
      ).map((r) => [r.token.toLowerCase(), r.net ?? 0n]),
    )
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
