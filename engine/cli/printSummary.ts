import type { RunSummary } from '../readModel/summarizeRun.js'
import { formatPercent } from '../format/formatPercent.js'
import { formatUnits } from '../format/formatUnits.js'
import { table } from '../format/table.js'
import { costShare } from '../readModel/costShare.js'

/** The end-of-run summary: counts, rates, and P&L per start token. */
export function printSummary(s: RunSummary, tokens: Map<string, { symbol: string; decimals: number }>): string {
  const lines = [
    `run ${s.runId}  ${s.mode}  ${s.status}  strategies=${s.strategies}  config=${s.configHash}`,
    `source ${s.source}  blocks ${s.fromBlock}..${s.toBlock ?? '?'}${s.inclusion ? `  inclusion ${s.inclusion}${s.inclusion === 'top' ? ' (optimistic bound: alone at the top of the next block)' : ''}` : ''}`,
    '',
    table(
      ['blocks', 'opportunities', 'simulated', 'executed', 'success rate', 'sim accuracy', 'exact sim=real'],
      [[s.blocks, s.opportunities, `${s.simulatedOk}/${s.simulated}`, `${s.executedOk}/${s.executed}`, formatPercent(s.successRate), formatPercent(s.simulationAccuracy, 3), formatPercent(s.exactMatchRate)]],
    ),
  ]
  const o = s.outcomes
  if (o.won + o.shrunk + o.reverted + o.outbid > 0) {
    lines.push('', table(['won', 'shrunk', 'reverted', 'outbid', 'capture rate', 'rival ahead'], [[o.won, o.shrunk, o.reverted, o.outbid, formatPercent(s.captureRate), formatPercent(s.rivalShare)]]))
  }
  if (s.pnl.length > 0) {
    lines.push(
      '',
      table(
        ['token', 'trades', 'gross P&L', 'gas + tip', 'flash fees', 'to builder', 'net P&L', 'cost share'],
        s.pnl.map((p) => {
          const t = tokens.get(p.token.toLowerCase()) ?? { symbol: p.token, decimals: 18 }
          const share = costShare(p)
          return [t.symbol, p.trades, formatUnits(p.grossProfit, t.decimals), formatUnits(p.gasCost, t.decimals), formatUnits(p.flashFees, t.decimals), formatUnits(p.builderPayments, t.decimals), formatUnits(p.netProfit, t.decimals), formatPercent(share)]
        }),
      ),
    )
  }
  lines.push('', `run id: ${s.runId}`)
  return lines.join('\n')
}
