import type { Address, Route } from '../market/types.js'

/**
 * What a recipient gets when `amount` of a token with a `taxBps` transfer tax is sent: the tax is
 * `amount · taxBps / 10000` rounded down, as fee-on-transfer tokens burn or skim it (the devnet's
 * FeeOnTransferToken; screening measures the bps from a simulated transfer).
 *
 * @example
 * afterTransferTax(1_000n, 500) // 950n
 */
export function afterTransferTax(amount: bigint, taxBps: number): bigint {
  return amount - (amount * BigInt(taxBps)) / 10_000n
}

/**
 * The transfer taxes a route meets, token → bps, from its V2 pools' `transferTaxBps` (only V2 pairs carry
 * taxed tokens: a pair can swap what arrived, other venues check that they were paid in full).
 */
export function routeTransferTaxes(route: Route): Map<Address, number> {
  const taxes = new Map<Address, number>()
  for (const { pool } of route.hops) {
    if (pool.kind !== 'v2' || !pool.transferTaxBps) continue
    if (pool.transferTaxBps[0] > 0) taxes.set(pool.token0.toLowerCase() as Address, pool.transferTaxBps[0])
    if (pool.transferTaxBps[1] > 0) taxes.set(pool.token1.toLowerCase() as Address, pool.transferTaxBps[1])
  }
  return taxes
}

/**
 * Whether ArbExecutor can run a route through taxed tokens: the start token is untaxed (a taxed start would be
 * taxed on the way in and out, and on a flash loan's repayment), and every hop that sells a taxed token is a V2
 * pair (swapped from its balance). Each hop then sends its output straight to the next pair or to the executor
 * in one transfer, taxed once.
 */
export function canRouteTaxed(route: Route, taxes: ReadonlyMap<Address, number>): boolean {
  if (taxes.size === 0) return true
  if (taxes.has(route.startToken.toLowerCase() as Address)) return false
  return route.hops.every((h) => h.pool.kind === 'v2' || !taxes.has(h.tokenIn.toLowerCase() as Address))
}
