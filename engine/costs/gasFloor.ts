import type { Route } from '../market/types.js'

/**
 * A floor on the gas an ArbExecutor transaction for `route` uses, below every measured case of
 * `.gas-snapshot` (capital V2→V2 ≈ 105k of execution, each V3 hop ≈ +55k, a flash loan ≈ +140k): the
 * intrinsic 21,000, plus per hop 40,000 for a V2 pair or 70,000 for a V3 pool, plus 100,000 for the flash
 * loan. A candidate whose expected profit cannot pay even this floor is dropped before any simulation.
 */
export function gasFloor(route: Route, mode: 'capital' | 'flash'): bigint {
  let gas = 21_000n
  for (const hop of route.hops) gas += hop.pool.kind === 'v3' ? 70_000n : 40_000n
  if (mode === 'flash') gas += 100_000n
  return gas
}
