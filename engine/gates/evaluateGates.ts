import { costShare } from '../readModel/costShare.js'
import { accuracy } from '../readModel/accuracy.js'
import { pnlByToken } from '../readModel/pnlByToken.js'
import { readLatencyP95 } from '../readModel/readLatencyP95.js'
import { readPnl } from '../readModel/readPnl.js'
import { readRun } from '../readModel/readRun.js'
import { readStrategyTotals } from '../readModel/readStrategyTotals.js'
import { sumTotals } from '../readModel/sumTotals.js'
import type { Store } from '../store/openStore.js'
import { readRunTokens } from '../store/readRunTokens.js'
import { gatesConfigSchema } from './gatesConfigSchema.js'
import { gateThresholds, type GateThresholds } from './gateThresholds.js'

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
  const run = await readRun(store, runId)
  const config = JSON.parse(run.config_json) as { execution?: { mode?: string }; gates?: unknown }
  const phase: GatePhase = config.execution?.mode === 'capital' ? 'capital' : 'flash'
  const t = thresholds ?? gateThresholds(gatesConfigSchema.parse(config.gates ?? {}))

  // Every figure comes from the read model, which leaves opportunities of reorged blocks out.
  const totals = sumTotals(await readStrategyTotals(store, runId))
  const pnl = pnlByToken(await readPnl(store, runId))
  const latency = await readLatencyP95(store, runId)
  const decimals = await readRunTokens(store, runId)
  const symbol = (token: string) => decimals.get(token.toLowerCase())?.symbol ?? token
  const inDecimals = (amount: bigint, token: string) => toDecimal(amount, decimals.get(token.toLowerCase())?.decimals ?? 18)
  const sent = totals.executed
  const ok = totals.executedOk
  const gates: GateResult[] = []

  if (phase === 'capital') {
    const pnlOk = pnl.length > 0 && pnl.every((r) => r.netProfit >= 0n) && pnl.some((r) => r.netProfit > 0n)
    const worst = pnl.length === 0 ? null : Math.min(...pnl.map((r) => inDecimals(r.netProfit, r.token)))
    gates.push(
      gate('successful trades', ok, t.capital.minTrades, '>='),
      gate('execution success rate', sent > 0 ? ok / sent : null, t.capital.minSuccessRate, '>'),
      {
        gate: 'net P&L per token',
        value: worst,
        threshold: 0,
        comparison: '>=',
        passed: pnlOk,
        detail: pnl.map((r) => `${symbol(r.token)} ${inDecimals(r.netProfit, r.token)}`).join(', ') || 'no trade',
      },
      gate('p95 opportunity → tx (ms)', latency.executionMs, t.capital.maxLatencyP95Ms, '<'),
    )
  } else {
    const simulationAccuracy = accuracy(totals.simulationError, totals.simulationBase)
    // Per token (units differ between tokens); the gate takes the worst token. A non-positive gross profit
    // with any cost is an infinite share.
    const shares = pnl.map((r) => ({
      token: symbol(r.token),
      share: costShare(r),
    }))
    const worstShare = shares.length === 0 ? null : Math.max(...shares.map((s) => s.share))
    gates.push(
      gate('successful trades', ok, t.flash.minTrades, '>='),
      gate('simulation accuracy', Number.isNaN(simulationAccuracy) ? null : simulationAccuracy, t.flash.minSimulationAccuracy, '>'),
      { ...gate('gas + builder / gross profit', worstShare, t.flash.maxCostShare, '<'), detail: shares.map((s) => `${s.token} ${(s.share * 100).toFixed(2)}%`).join(', ') || 'no trade' },
    )
  }

  gates.push(gate('p95 detection (ms)', latency.detectionUs === null ? null : latency.detectionUs / 1000, t.detection.maxP95Ms, '<'))

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

