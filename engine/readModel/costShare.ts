import type { TokenPnl } from './pnlByToken.js'

/**
 * What the trades of one start token paid to get mined, as a share of what they made before paying it:
 * (gas and tips + builder payments) / (realized profit + builder payments). ∞ when a token made nothing with any
 * cost, 0 with neither. The flash premium is a cost of capital, not of inclusion: it is out of both sides.
 */
export function costShare(p: Pick<TokenPnl, 'grossProfit' | 'gasCost' | 'builderPayments'>): number {
  const gross = p.grossProfit + p.builderPayments
  const cost = p.gasCost + p.builderPayments
  if (gross > 0n) return Number(cost) / Number(gross)
  return cost > 0n ? Number.POSITIVE_INFINITY : 0
}
