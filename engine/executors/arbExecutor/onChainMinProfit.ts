/** Largest profit tolerance: 100% (`minProfit` 1, any profit at all). */
export const MAX_PROFIT_TOLERANCE_BPS = 10_000

/**
 * The `minProfit` a trade is sent with: the simulated profit less a tolerance of `toleranceBps` basis points of it,
 * never below 1 base unit. A trade whose edge shrank by more than the tolerance before inclusion reverts early
 * (it pays the gas of a revert) instead of completing for less than it was worth sending.
 *
 * @example onChainMinProfit(1_000n, 2_000) // 800n: accept a 20% shrink
 */
export function onChainMinProfit(simulatedProfit: bigint, toleranceBps: number): bigint {
  if (!Number.isInteger(toleranceBps) || toleranceBps < 0 || toleranceBps > MAX_PROFIT_TOLERANCE_BPS) {
    throw new RangeError(`toleranceBps: expected an integer from 0 to ${MAX_PROFIT_TOLERANCE_BPS}, got ${toleranceBps}`)
  }
  const min = (simulatedProfit * BigInt(MAX_PROFIT_TOLERANCE_BPS - toleranceBps)) / BigInt(MAX_PROFIT_TOLERANCE_BPS)
  return min > 1n ? min : 1n
}
