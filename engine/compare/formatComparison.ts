import { formatPercent } from '../format/formatPercent.js'
import { formatUnits } from '../format/formatUnits.js'
import { table } from '../format/table.js'
import type { RunComparison } from './compareRuns.js'

/** The `arb compare` output: a strategy table (A | B per figure) and a net P&L table per token. */
export function formatComparison(c: RunComparison): string {
  const [a, b] = c.runs
  const head = [
    `A: ${a.runId} (${a.mode}, config ${a.configHash}, chain ${a.chainId})`,
    `B: ${b.runId} (${b.mode}, config ${b.configHash}, chain ${b.chainId})`,
    ...(c.sameConfig ? [] : ['note: the runs were made with different configs; figures are not like for like']),
  ]
  const pair = (x: number | string, y: number | string) => `${x} | ${y}`
  const pct = (x: number) => formatPercent(x, 2)
  const strategies = table(
    ['strategy', 'opportunities A | B', 'executed A | B', 'success A | B', 'accuracy A | B', 'model accuracy A | B'],
    c.strategies.map((s) => [
      s.strategy,
      pair(s.a.opportunities, s.b.opportunities),
      pair(s.a.executedOk, s.b.executedOk),
      pair(pct(s.a.successRate), pct(s.b.successRate)),
      pair(pct(s.a.accuracy), pct(s.b.accuracy)),
      pair(pct(s.a.modelAccuracy), pct(s.b.modelAccuracy)),
    ]),
  )
  const pnl = c.pnl.length
    ? table(['token', 'net P&L A', 'net P&L B'], c.pnl.map((p) => [p.symbol, formatUnits(p.a, p.decimals), formatUnits(p.b, p.decimals)]))
    : 'no executed trade in either run'
  return `${head.join('\n')}\n\n${strategies}\n\n${pnl}`
}
