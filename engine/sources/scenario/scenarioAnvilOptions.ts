import type { AnvilOptions } from '../../chain/startAnvil.js'

/** Genesis timestamp of every scenario chain (2023-11-14T22:13:20Z); blocks follow 12 s apart. */
export const SCENARIO_GENESIS_TIMESTAMP = 1_700_000_000n
/** Blocks the devnet deployment and actor setup take, with room to spare, for sizing the state history. */
const SETUP_BLOCKS_MARGIN = 1_000

/**
 * The Anvil options a scenario needs: a fixed genesis timestamp and accounts (for identical block hashes),
 * and every block's state kept in memory so that `eth_call` at, and forks from, any past block of the range
 * work. Anvil otherwise keeps 500 states in memory and moves older ones to a disk cache of at most 3,600
 * (`--max-persisted-states`), about 2 MB each for the devnet; `--prune-history N` keeps N in memory and
 * none on disk, about 0.5 MB each. `--disable-block-gas-limit` (which excludes `--gas-limit`; the default
 * is 30M) lets the scenario's blocks hold what the planner counted; `--silent` saves Anvil printing every
 * transaction (a third of its time).
 *
 * @example
 * const anvil = await startAnvil(scenarioAnvilOptions(2_000))
 * const generated = await generateScenario({ scenario: 'calm', blocks: 2_000, seed: 1, anvil })
 */
export function scenarioAnvilOptions(blocks: number): AnvilOptions {
  return {
    timestamp: SCENARIO_GENESIS_TIMESTAMP,
    accounts: 10,
    balance: 10_000,
    extraArgs: ['--prune-history', String(blocks + SETUP_BLOCKS_MARGIN), '--disable-block-gas-limit', '--silent'],
  }
}
