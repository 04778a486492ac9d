import { BaseError } from '../errors/BaseError.js'
import type { Store } from '../store/openStore.js'
import { readRunTokens } from '../store/readRunTokens.js'
import { gatesConfigSchema } from './gatesConfigSchema.js'
import { gateThresholds, type GateThresholds } from './gateThresholds.js'

/** SQL condition: opportunity `o` is not in a block a reorg dropped (migration 004). */
export const NOT_REORGED = `NOT EXISTS (SELECT 1 FROM reorged_opportunities ro WHERE ro.run_id = o.run_id AND ro.opportunity_id = o.opportunity_id)`

export type GatePhase = 'capital' | 'flash'

/** One gate: the measured value, the threshold and how they compare. `value` is null when there is no data. */
export type GateResult = {
  gate: string
  value: number | null
  threshold: number
  /** How value must relate to threshold to pass: '>=', '>', '<'. */
  comparison: '>=' | '>' | '<'
  passed: boolean
  /** Human detail (per-token figures), for the table only. */
  detail?: string
}

export type GateEvaluation = {
  runId: string
  configHash: string
  chainId: bigint
  mode: string
  phase: GatePhase
  thresholds: GateThresholds
  gates: GateResult[]
  passed: boolean
}

/**
 * Computes the promotion gates of a run from its DuckDB rows (GATES.md). The phase follows the run's
 * `execution.mode`; thresholds are the defaults overlaid with the run config's `gates` section, or
 * `thresholds` when given. Opportunities of reorged blocks are left out.
 *
 * @example
 * const ev = await evaluateGates(store, 'r20250101-120000-abcdef')
 * if (!ev.passed) console.log(ev.gates.filter((g) => !g.passed))
 */
export async function evaluateGates(store: Store, runId: string, thresholds?: GateThresholds): Promise<GateEvaluation> {
  const [run] = await store.query<{ config_json: string; config_hash: string; chain_id: bigint; mode: string }>(
    'SELECT config_json, config_hash, chain_id, mode FROM runs WHERE run_id = ?',
    [runId],
  )
  if (!run) throw new BaseError(`No run ${runId}`, { details: 'see `arb runs` for the run ids in this database' })
  const config = JSON.parse(run.config_json) as { execution?: { mode?: string }; gates?: unknown }
  const phase: GatePhase = config.execution?.mode === 'capital' ? 'capital' : 'flash'
  const t = thresholds ?? gateThresholds(gatesConfigSchema.parse(config.gates ?? {}))

  // Executions of opportunities still on the canonical chain.
  const live = `FROM executions e JOIN opportunities o USING (run_id, opportunity_id) WHERE e.run_id = $1 AND ${NOT_REORGED}`
  const [c] = await store.query<{ sent: bigint; ok: bigint; p95: number | null }>(
    `SELECT count(*) AS sent, count(*) FILTER (WHERE e.success) AS ok, quantile_cont(e.latency_ms, 0.95) AS p95 ${live}`,
    [runId],
  )
  const sent = Number(c!.sent)
  const ok = Number(c!.ok)
  const gates: GateResult[] = []

  if (phase === 'capital') {
    const pnl = await store.query<{ token: string; net: bigint }>(
      `SELECT o.token_in AS token, sum(e.net_profit) AS net ${live} AND e.success GROUP BY o.token_in ORDER BY o.token_in`,
      [runId],
    )
    const decimals = await readRunTokens(store, runId)
    const nets = pnl.map((r) => ({ token: r.token, net: r.net ?? 0n }))
    const pnlOk = nets.length > 0 && nets.every((r) => r.net >= 0n) && nets.some((r) => r.net > 0n)
    const worst = nets.length === 0 ? null : Math.min(...nets.map((r) => toDecimal(r.net, decimals.get(r.token)?.decimals ?? 18)))
    gates.push(
      gate('successful trades', ok, t.capital.minTrades, '>='),
      gate('execution success rate', sent > 0 ? ok / sent : null, t.capital.minSuccessRate, '>'),
      {
        gate: 'net P&L per token',
        value: worst,
        threshold: 0,
        comparison: '>=',
        passed: pnlOk,
        detail: nets.map((r) => `${decimals.get(r.token)?.symbol ?? r.token} ${toDecimal(r.net, decimals.get(r.token)?.decimals ?? 18)}`).join(', ') || 'no trade',
      },
      gate('p95 opportunity → tx (ms)', c!.p95, t.capital.maxLatencyP95Ms, '<'),
    )
  } else {
    const [acc] = await store.query<{ err: bigint | null; sim: bigint | null }>(
      `SELECT sum(abs(e.realized_profit - s.simulated_profit)) AS err, sum(abs(s.simulated_profit)) AS sim
       FROM executions e JOIN simulations s USING (run_id, opportunity_id) JOIN opportunities o USING (run_id, opportunity_id)
       WHERE e.run_id = $1 AND e.success AND s.success AND ${NOT_REORGED}`,
      [runId],
    )
    const accuracy = acc?.sim ? 1 - Number(acc.err ?? 0n) / Number(acc.sim) : null
    const costs = await store.query<{ token: string; gas: bigint | null; gross: bigint | null }>(
      `SELECT o.token_in AS token, sum(e.gas_cost_token) AS gas, sum(e.realized_profit) AS gross ${live} AND e.success GROUP BY o.token_in ORDER BY o.token_in`,
      [runId],
    )
    const decimals = await readRunTokens(store, runId)
    // Per token (units differ between tokens); the gate takes the worst token. A non-positive gross profit
    // with any cost is an infinite share.
    const shares = costs.map((r) => ({
      token: decimals.get(r.token)?.symbol ?? r.token,
      share: (r.gross ?? 0n) > 0n ? Number(r.gas ?? 0n) / Number(r.gross) : (r.gas ?? 0n) > 0n ? Number.POSITIVE_INFINITY : 0,
    }))
    const worstShare = shares.length === 0 ? null : Math.max(...shares.map((s) => s.share))
    gates.push(
      gate('successful trades', ok, t.flash.minTrades, '>='),
      gate('simulation accuracy', accuracy, t.flash.minSimulationAccuracy, '>'),
      { ...gate('gas + fees / gross profit', worstShare, t.flash.maxCostShare, '<'), detail: shares.map((s) => `${s.token} ${(s.share * 100).toFixed(2)}%`).join(', ') || 'no trade' },
    )
  }

  const [d] = await store.query<{ p95: number | null }>(
    `SELECT quantile_cont(detect_latency_us, 0.95) AS p95 FROM opportunities o WHERE o.run_id = $1 AND ${NOT_REORGED}`,
    [runId],
  )
  gates.push(gate('p95 detection (ms)', d?.p95 === null || d?.p95 === undefined ? null : d.p95 / 1000, t.detection.maxP95Ms, '<'))

  return { runId, configHash: run.config_hash, chainId: run.chain_id, mode: run.mode, phase, thresholds: t, gates, passed: gates.every((g) => g.passed) }
}

function gate(name: string, value: number | null, threshold: number, comparison: GateResult['comparison']): GateResult {
  const passed =
    value !== null && Number.isFinite(value) && (comparison === '>=' ? value >= threshold : comparison === '>' ? value > threshold : value < threshold)
  return { gate: name, value, threshold, comparison, passed }
}

/** Base units to a decimal number, for display and the DOUBLE `gate_results.value` only. */
function toDecimal(amount: bigint, decimals: number): number {
  return Number(amount) / 10 ** decimals
}

