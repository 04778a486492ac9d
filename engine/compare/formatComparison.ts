import { formatPercent } from '../format/formatPercent.js'
import { formatUnits } from '../format/formatUnits.js'
import { table } from '../format/table.js'
import { formatInclusionRates } from '../format/formatInclusionRates.js'
import type { RunComparison, TradeSide } from './compareRuns.js'

/**
 * The `arb compare` output: a strategy table (A | B per figure), a net P&L table per token, per trade the simulated
 * and realized profit in each run, and the inclusion rate per builder of a run that sent bundles.
 */
export function formatComparison(c: RunComparison): string {
  const [a, b] = c.runs
  const head = [
    `A: ${a.runId} (${a.mode}, config ${a.configHash}, chain ${a.chainId}${a.inclusion ? `, inclusion ${a.inclusion}` : ''})`,
    `B: ${b.runId} (${b.mode}, config ${b.configHash}, chain ${b.chainId}${b.inclusion ? `, inclusion ${b.inclusion}` : ''})`,
    ...(c.sameConfig
      ? []
      : c.sameButInclusion
        ? [`note: one config, two inclusion models (${a.inclusion ?? '—'} | ${b.inclusion ?? '—'}): the gap is where trades landed`]
        : ['note: the runs were made with different configs; figures are not like for like']),
  ]
  const pair = (x: number | string, y: number | string) => `${x} | ${y}`
  const pct = (x: number) => formatPercent(x, 2)
  const strategies = table(
    ['strategy', 'opportunities A | B', 'executed A | B', 'success A | B', 'accuracy A | B', 'model accuracy A | B', 'capture A | B', 'won/shrunk/reverted/outbid A | B', 'rival ahead A | B'],
    c.strategies.map((s) => [
      s.strategy,
      pair(s.a.opportunities, s.b.opportunities),
      pair(s.a.executedOk, s.b.executedOk),
      pair(pct(s.a.successRate), pct(s.b.successRate)),
      pair(pct(s.a.accuracy), pct(s.b.accuracy)),
      pair(pct(s.a.modelAccuracy), pct(s.b.modelAccuracy)),
      pair(pct(s.a.captureRate), pct(s.b.captureRate)),
      pair(outcomes(s.a.outcomes), outcomes(s.b.outcomes)),
      pair(pct(s.a.rivalShare), pct(s.b.rivalShare)),
    ]),
  )
  const pnl = c.pnl.length
    ? table(['token', 'net P&L A', 'net P&L B'], c.pnl.map((p) => [p.symbol, formatUnits(p.a, p.decimals), formatUnits(p.b, p.decimals)]))
    : 'no executed trade in either run'
  const money = (decimals: number, v: bigint | null) => (v === null ? '-' : formatUnits(v, decimals))
  // A revert's arguments are long numbers: its name says enough here (the store keeps the whole error).
  const brief = (e: string) => {
    const name = e.replace(/\(.*$/s, '')
    return name.length > 48 ? `${name.slice(0, 47)}…` : name
  }
  const outcome = (s: TradeSide | null) => (s === null ? 'not sent' : s.success ? 'ok' : brief(s.error ?? 'failed'))
  const trades = c.trades.length
    ? table(
        ['opportunity', 'token', 'simulated A', 'realized A', 'outcome A', 'simulated B', 'realized B', 'outcome B'],
        c.trades.map((t) => [
          `${t.opportunityId} ${t.strategy}`,
          t.symbol,
          money(t.decimals, t.a?.simulated ?? null),
          money(t.decimals, t.a?.realized ?? null),
          outcome(t.a),
          money(t.decimals, t.b?.simulated ?? null),
          money(t.decimals, t.b?.realized ?? null),
          outcome(t.b),
        ]),
      )
    : ''
  const inclusion = [
    ...(c.inclusion.a.length ? [`bundles of A\n${formatInclusionRates(c.inclusion.a)}`] : []),
    ...(c.inclusion.b.length ? [`bundles of B\n${formatInclusionRates(c.inclusion.b)}`] : []),
  ]
  return [head.join('\n'), strategies, pnl, ...(trades ? [trades] : []), ...inclusion].join('\n\n')
}

const outcomes = (o: { won: number; shrunk: number; reverted: number; outbid: number }) => `${o.won}/${o.shrunk}/${o.reverted}/${o.outbid}`
