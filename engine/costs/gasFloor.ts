import type { Route } from '../market/types.js'

/**
 * A floor on the gas an ArbExecutor transaction for `route` uses, below every measured case of
 * `.gas-snapshot` (capital V2→V2 ≈ 105k of execution, each V3 hop ≈ +55k, a flash loan ≈ +140k): the
 * intrinsic 21,000, plus per hop 40,000 for a V2 pair, 70,000 for a V3 pool, 55,000 for a Balancer pool or 60,000
 * for a V4 pool, plus 10,000 for a flash loan. A candidate whose expected profit cannot pay even this floor is dropped before any simulation.
 */
/** Per-hop floors: a Balancer hop measures ≈ 65k (Vault swap, approval, id and Vault lookups), a V4 hop ≈ 80k. */
const HOP_FLOOR = { v2: 40_000n, v3: 70_000n, balancer: 55_000n, v4: 60_000n } as const

export function gasFloor(route: Route, mode: 'capital' | 'flash'): bigint {
  let gas = 21_000n
  for (const hop of route.hops) gas += HOP_FLOOR[hop.pool.kind]
  // The cheapest flash source, V4's flash accounting, adds ≈ 15k (an Aave loan ≈ 120k): the floor takes the least.
  if (mode === 'flash') gas += 10_000n
  return gas
}
