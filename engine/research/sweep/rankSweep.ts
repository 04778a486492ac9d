import { readRunTokens } from '../../store/readRunTokens.js'
import type { Store } from '../../store/openStore.js'

export type RankedRun = {
  rank: number
  point: number
  params: Record<string, unknown>
  runId: string | null
  configHash: string
  status: string
  executed: number
  executedOk: number
  /** executedOk / executed; NaN when nothing was executed. */
  successRate: number
  /** Net P&L (after gas, tip and flash fee, failed transactions included) per start token address, base units. */
  netByToken: Map<string, bigint>
  /** Net P&L in the ranking token, base units (0 when the run never traded it). */
  rankNet: bigint
}

/**
 * A sweep's points ranked by net P&L in `rankToken` (symbol or address), then by success rate, then by
 * point. Points without a completed run rank last. Money stays bigint.
 */
export async function rankSweep(store: Store, sweepId: string, rankToken = 'WETH'): Promise<RankedRun[]> {
  const points = await store.query<{ point: number; params_json: string; run_id: string | null; config_hash: string; status: string; executed: bigint | null; executed_ok: bigint | null }>(
    `SELECT sr.point, sr.params_json, sr.run_id, sr.config_hash, sr.status,
            (SELECT count(*) FROM executions e WHERE e.run_id = sr.run_id) AS executed,
            (SELECT count(*) FROM executions e WHERE e.run_id = sr.run_id AND e.success) AS executed_ok
     FROM sweep_runs sr WHERE sr.sweep_id = ? ORDER BY sr.point`,
    [sweepId],
  )
  const pnl = await store.query<{ run_id: string; token_in: string; net: bigint }>(
    `SELECT e.run_id, o.token_in, sum(e.net_profit) AS net
     FROM executions e JOIN opportunities o USING (run_id, opportunity_id)
     WHERE e.run_id IN (SELECT run_id FROM sweep_runs WHERE sweep_id = ? AND run_id IS NOT NULL) AND e.net_profit IS NOT NULL
     GROUP BY e.run_id, o.token_in`,
    [sweepId],
  )
  let rankAddress = rankToken.toLowerCase()
  const firstRun = points.find((p) => p.run_id)?.run_id
  if (!rankToken.startsWith('0x') && firstRun) {
    for (const [address, t] of await readRunTokens(store, firstRun)) if (t.symbol === rankToken) rankAddress = address
  }
  const runs = points.map((p) => {
    const netByToken = new Map(pnl.filter((r) => r.run_id === p.run_id).map((r) => [r.token_in.toLowerCase(), r.net]))
    const executed = Number(p.executed ?? 0n)
    const executedOk = Number(p.executed_ok ?? 0n)
    return {
      rank: 0,
      point: p.point,
      params: JSON.parse(p.params_json) as Record<string, unknown>,
      runId: p.run_id,
      configHash: p.config_hash,
      status: p.status,
      executed,
      executedOk,
      successRate: executed > 0 ? executedOk / executed : Number.NaN,
      netByToken,
      rankNet: netByToken.get(rankAddress) ?? 0n,
    }
  })
  const rate = (r: RankedRun) => (Number.isNaN(r.successRate) ? -1 : r.successRate)
  runs.sort((a, b) => {
    const doneA = a.status === 'completed' ? 0 : 1
    const doneB = b.status === 'completed' ? 0 : 1
    if (doneA !== doneB) return doneA - doneB
    if (a.rankNet !== b.rankNet) return a.rankNet > b.rankNet ? -1 : 1
    if (rate(a) !== rate(b)) return rate(b) - rate(a)
    return a.point - b.point
  })
  runs.forEach((r, i) => (r.rank = i + 1))
  return runs
}
