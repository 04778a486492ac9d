import type { Route } from '../market/types.js'

/**
 * A floor on the gas an ArbExecutor transaction for `route` uses, below every measured case of
 * `.gas-snapshot` (capital V2→V2 ≈ 105k of execution, each V3 hop ≈ +55k, a flash loan ≈ +140k): the
 * intrinsic 21,000, plus per hop 40,000 for a V2 pair or 70,000 for a V3 pool, plus 100,000 for the flash
 * loan. A candidate whose expected profit cannot pay even this floor is dropped before any simulation.
 */
/** Per-hop floors: a Balancer hop measures ≈ 65k (Vault swap, approval, id and Vault lookups), a V4 hop ≈ 80k. */
const HOP_FLOOR = { v2: 40_000n, v3: 70_000n, balancer: 55_000n, v4: 60_000n } as const

export function gasFloor(route: Route, mode: 'capital' | 'flash'): bigint {
  let gas = 21_000n
  for (const hop of route.hops) gas += HOP_FLOOR[hop.pool.kind]
  if (mode === 'flash') gas += 100_000n
  return gas
}
