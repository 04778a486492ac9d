import type { Hex } from 'viem'

/**
 * How a trade fared where it landed: `won` (realized what was simulated, or more), `shrunk` (completed for less),
 * `outbid` (reverted after a rival touched one of its pools ahead of it), `reverted` (reverted with no rival
 * ahead: the state moved for another reason).
 */
export type TradeOutcome = 'won' | 'shrunk' | 'reverted' | 'outbid'

export function outcomeOf(trade: { success: boolean; realizedProfit: bigint; simulatedProfit: bigint; rival: Hex | null }): TradeOutcome {
  if (trade.success) return trade.realizedProfit >= trade.simulatedProfit ? 'won' : 'shrunk'
  return trade.rival ? 'outbid' : 'reverted'
}
