import type { PnlRow } from './readPnl.js'

/** P&L of one start token, every strategy added up. */
export type TokenPnl = Omit<PnlRow, 'strategy'>

/** Adds the strategies of `readPnl` rows up per start token (tokens compared lower-case), sorted by token. */
export function pnlByToken(rows: readonly PnlRow[]): TokenPnl[] {
  const byToken = new Map<string, TokenPnl>()
  for (const r of rows) {
    const key = r.token.toLowerCase()
    const t = byToken.get(key)
    if (!t) {
      byToken.set(key, { token: r.token, trades: r.trades, grossProfit: r.grossProfit, gasCost: r.gasCost, flashFees: r.flashFees, builderPayments: r.builderPayments, netProfit: r.netProfit })
      continue
    }
    t.trades += r.trades
    t.grossProfit += r.grossProfit
    t.gasCost += r.gasCost
    t.flashFees += r.flashFees
    t.builderPayments += r.builderPayments
    t.netProfit += r.netProfit
  }
  return [...byToken.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, t]) => t)
}
