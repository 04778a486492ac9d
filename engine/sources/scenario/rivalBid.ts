import { referencePrice, type PoolState, type ReferencePrices, type ScenarioPool } from './scenarioTypes.js'

/**
 * The lowest priority fee a rival bids (2 gwei): above every ordinary transaction of a scenario block, which
 * offers 1 gwei plus at most a few hundred wei (`createBlockSender`), so rivals always sit above them.
 */
export const MIN_RIVAL_TIP = 2n * 10n ** 9n

const Q96 = 2 ** 96

/**
 * What a trade that moved a pool from `before` to `after` gained, in USD at the reference prices: minus the
 * value the pool gained. V2 and weighted pools: the reserves' (balances') change (the fee stays in the pool). V3 and V4: the in-range amounts
 * between the two prices at the pool's liquidity, the input grossed up by the fee (the planner's own model of
 * the move, which does not cross ticks). A model figure (float) to size a bid, never an amount sent.
 */
export function backrunProfitUsd(pool: ScenarioPool, before: PoolState, after: PoolState, reference: ReferencePrices): number {
  const usd0 = referencePrice(reference, pool.symbol0) / 10 ** pool.decimals0
  const usd1 = referencePrice(reference, pool.symbol1) / 10 ** pool.decimals1
  if (before.kind === 'v2' && after.kind === 'v2') {
    return -(Number(after.reserve0 - before.reserve0) * usd0 + Number(after.reserve1 - before.reserve1) * usd1)
  }
  if (before.kind === 'weighted' && after.kind === 'weighted') {
    return -(Number(after.balance0 - before.balance0) * usd0 + Number(after.balance1 - before.balance1) * usd1)
  }
  if (before.kind === 'v3' && after.kind === 'v3') {
    const l = Number(before.liquidity)
    const s0 = Number(before.sqrtPriceX96) / Q96
    const s1 = Number(after.sqrtPriceX96) / Q96
    const gross = 1 / (1 - pool.fee / 1e6)
    // Pool-side amounts: token0 in when the price falls (s1 < s0), token1 in when it rises.
    const d0 = l * (1 / s1 - 1 / s0)
    const d1 = l * (s1 - s0)
    const in0 = d0 > 0 ? d0 * gross : d0
    const in1 = d1 > 0 ? d1 * gross : d1
    return -(in0 * usd0 + in1 * usd1)
  }
  return 0
}

/**
 * A rival's bid, in wei per gas: `share` of the backrun's profit after the base fee on its `gas`, the profit
 * converted from USD to wei at the reference ETH price. Null when the profit does not pay the base fee and
 * the minimum tip (a searcher would not send it); otherwise at least `MIN_RIVAL_TIP`.
 */
export function rivalBid(input: { profitUsd: number; ethUsd: number; gas: bigint; baseFee: bigint; share: number }): bigint | null {
  const { profitUsd, ethUsd, gas, baseFee, share } = input
  if (!(profitUsd > 0) || !(ethUsd > 0)) return null
  const profitWei = BigInt(Math.floor((profitUsd / ethUsd) * 1e18))
  const net = profitWei - gas * baseFee
  if (net <= gas * MIN_RIVAL_TIP) return null
  const bid = BigInt(Math.floor(share * Number(net))) / gas
  return bid > MIN_RIVAL_TIP ? bid : MIN_RIVAL_TIP
}
