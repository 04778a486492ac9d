import type { Store } from '../store/openStore.js'
import { accuracy, captureRate, rate } from './accuracy.js'
import { pnlByToken, type TokenPnl } from './pnlByToken.js'
import { readBlockCount } from './readBlockCount.js'
import { readPnl } from './readPnl.js'
import { readRun } from './readRun.js'
import { readStrategyTotals } from './readStrategyTotals.js'
import { sumTotals } from './sumTotals.js'

export type { TokenPnl } from './pnlByToken.js'

export type RunSummary = {
  runId: string
  mode: string
  status: string
  strategies: string
  configHash: string
  source: string
  fromBlock: bigint
  toBlock: bigint | null
  nextBlock: bigint
  startedAt: Date
  finishedAt: Date | null
  blocks: number
  opportunities: number
  simulated: number
  simulatedOk: number
  executed: number
  executedOk: number
  rejected: number
  /** executedOk / executed (NaN when nothing was executed). */
  successRate: number
  /** 1 − Σ|realized − simulated| / Σ|simulated| over sent trades, a reverted one realizing 0 (NaN when none). */
  simulationAccuracy: number
  /** Share of successful executions whose realized profit equals the simulated one to the base unit. */
  exactMatchRate: number
  /** Per start token, every sent trade (a reverted one realized nothing and paid its gas). */
  pnl: TokenPnl[]
  /** Where trades landed (`runs.inclusion`); null for live runs and runs recorded before it existed. */
  inclusion: string | null
  /** Sent trades by outcome where they landed. */
  outcomes: { won: number; shrunk: number; reverted: number; outbid: number }
  /** Σ realized / Σ simulated profit over every sent candidate (NaN when none). */
  captureRate: number
  /** Share of sent trades with a rival transaction ahead of them on one of their pools (NaN when none). */
  rivalShare: number
}

/**
 * A run's headline numbers (`arb show`, the end of `arb backtest`, the report's summary table), from the read
 * model: opportunities of reorged blocks are left out, as in the gates and `arb compare`. Money stays bigint.
 */
export async function summarizeRun(store: Store, runId: string): Promise<RunSummary> {
  const run = await readRun(store, runId)
  const t = sumTotals(await readStrategyTotals(store, runId))
  return {
    runId,
    mode: run.mode,
    status: run.status,
    strategies: run.strategies,
    configHash: run.config_hash,
    source: run.source,
    fromBlock: run.from_block,
    toBlock: run.to_block,
    nextBlock: run.next_block,
    startedAt: run.started_at,
    finishedAt: run.finished_at,
    blocks: await readBlockCount(store, runId),
    opportunities: t.opportunities,
    simulated: t.simulated,
    simulatedOk: t.simulatedOk,
    executed: t.executed,
    executedOk: t.executedOk,
    rejected: t.rejected,
    successRate: rate(t.executedOk, t.executed),
    simulationAccuracy: accuracy(t.simulationError, t.simulationBase),
    exactMatchRate: rate(t.exact, t.compared),
    pnl: pnlByToken(await readPnl(store, runId)),
    inclusion: run.inclusion ?? null,
    outcomes: { won: t.won, shrunk: t.shrunk, reverted: t.reverted, outbid: t.outbid },
    captureRate: captureRate(t.captured, t.simulatedSent),
    rivalShare: rate(t.rivals, t.executed),
  }
}
