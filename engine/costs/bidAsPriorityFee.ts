import type { Rate } from './price.js'

/**
 * A bid paid as priority fee, for trades whose start token ArbExecutor cannot pay the builder in (it pays ETH by
 * unwrapping WETH): `bidBps` of the profit (start-token units), converted to wei at the block's price (rounded
 * down) and spread over the trade's gas. Pure.
 */
export function bidAsPriorityFee(profit: bigint, bidBps: number, ethToStart: Rate, gasUsed: bigint): bigint {
  if (bidBps <= 0 || profit <= 0n || gasUsed <= 0n || ethToStart.num <= 0n) return 0n
  const share = (profit * BigInt(bidBps)) / 10_000n
  const wei = (share * ethToStart.den) / ethToStart.num
  return wei / gasUsed
}
