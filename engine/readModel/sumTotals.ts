import type { StrategyTotals } from './readStrategyTotals.js'

/** The totals of several strategies added up (strategy `*`): a run's overall counts and error sums. */
export function sumTotals(rows: readonly StrategyTotals[]): StrategyTotals {
  const total: StrategyTotals = {
    strategy: '*',
    opportunities: 0,
    simulated: 0,
    simulatedOk: 0,
    executed: 0,
    executedOk: 0,
    rejected: 0,
    compared: 0,
    exact: 0,
    simulationError: 0n,
    simulationBase: 0n,
    modelError: 0n,
    modelBase: 0n,
    captured: 0n,
    simulatedSent: 0n,
    won: 0,
    shrunk: 0,
    reverted: 0,
    outbid: 0,
    rivals: 0,
  }
  for (const r of rows) {
    total.opportunities += r.opportunities
    total.simulated += r.simulated
    total.simulatedOk += r.simulatedOk
    total.executed += r.executed
    total.executedOk += r.executedOk
    total.rejected += r.rejected
    total.compared += r.compared
    total.exact += r.exact
    total.simulationError += r.simulationError
    total.simulationBase += r.simulationBase
    total.modelError += r.modelError
    total.modelBase += r.modelBase
    total.captured += r.captured
    total.simulatedSent += r.simulatedSent
    total.won += r.won
    total.shrunk += r.shrunk
    total.reverted += r.reverted
    total.outbid += r.outbid
    total.rivals += r.rivals
  }
  return total
}
