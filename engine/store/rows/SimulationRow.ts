/** A `simulations` row (migrations 1 and 2): the outcome of simulating an opportunity. */
export type SimulationRow = {
  run_id: string
  opportunity_id: string
  success: boolean
  /** Base units of `token_in`, after any flash fee, before gas; NULL when it reverted. */
  simulated_profit: bigint | null
  gas_used: bigint | null
  error: string | null
  /** Migration 2: `simulated_profit` minus gas and tip in `token_in`. */
  net_profit: bigint | null
  /** Migration 7: the builder payment the simulation predicted, `token_in` base units. */
  simulated_payment: bigint | null
}
