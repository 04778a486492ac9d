import type { FlashLender, FlashSource } from '../market/flashLenders.js'
import type { Route } from '../market/types.js'
import { flashFee } from './flashFee.js'

/** The flash loan a trade takes: from whom, and the fee it pays. */
export type FlashChoice = { source: FlashSource; lender: `0x${string}`; fee: bigint }

/** Gas order when fees tie: V4 flash accounting costs ≈ 15k over a capital trade, a Vault loan ≈ 40k, Aave ≈ 120k. */
const GAS_RANK: Record<FlashSource, number> = { 'uniswap-v4': 0, 'balancer-v2': 1, 'aave-v3': 2 }

/**
 * The cheapest flash source that can lend `amountIn` of the route's start token now: lowest fee, then least gas.
 * A Balancer Vault cannot lend for a route that swaps in that same Vault (its flashLoan and swap share one
 * reentrancy lock: BAL#400), so it is skipped for those. Null when no lender holds enough.
 *
 * @example
 * const choice = chooseFlashSource(route, 10n ** 18n, state.lenders ?? [])
 */
export function chooseFlashSource(route: Route, amountIn: bigint, lenders: readonly FlashLender[]): FlashChoice | null {
  const token = route.startToken
  let best: FlashChoice | null = null
  for (const l of lenders) {
    if ((l.available.get(token) ?? 0n) < amountIn) continue
    if (l.source === 'balancer-v2' && route.hops.some((h) => h.pool.kind === 'balancer' && h.pool.vault === l.lender)) continue
    const fee = flashFee(l, amountIn)
    if (!best || fee < best.fee || (fee === best.fee && GAS_RANK[l.source] < GAS_RANK[best.source])) best = { source: l.source, lender: l.lender, fee }
  }
  return best
}
