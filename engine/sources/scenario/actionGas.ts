import type { Action } from './scenarioTypes.js'

/**
 * Gas limit each action's transaction declares: above the most it was seen to use on the devnet (a V2
 * router swap 138k; a V3 noise swap ~200k when its pool is out of its concentrated range; an informed V3
 * swap crossing ticks ~370k; a position mint ~490k; a Balancer Vault swap 97k; a V4Swapper swap 120k), so none
 * runs out of gas.
 */
export function actionGas(action: Action): bigint {
  switch (action.type) {
    case 'v2-swap':
      return 200_000n
    case 'v3-swap':
    case 'v4-swap':
      return action.role === 'informed' || action.role === 'planter' ? 500_000n : 300_000n
    case 'balancer-swap':
      return 200_000n
    case 'v2-add':
    case 'v2-remove':
      return 300_000n
    case 'v3-add':
      return 700_000n
    case 'v3-remove':
      return 450_000n
  }
}

/**
 * Gas an action is counted for when a block is planned: about the 99th percentile of what it uses (a V2
 * router swap 98k on average, 138k at most; a V3 router swap 107k on average, 154k at the 99th
 * percentile; a Balancer Vault swap 97k at most, a V4Swapper swap 103k on average, 120k at most). The planner keeps a block's sum under its gas limit, so a busy block is 55–70% full and a
 * quiet one far less, and EIP-1559 moves the base fee both ways. The scenario Anvil runs with
 * `--disable-block-gas-limit`, yet still drops a transaction whose declared limit does not fit in what the
 * block has left; `generateScenario` accounts for such (deterministic) drops.
 */
export function actionGasBudget(action: Action): bigint {
  switch (action.type) {
    case 'v2-swap':
      return 140_000n
    case 'v3-swap':
      return 160_000n
    case 'v4-swap':
      return 150_000n
    case 'balancer-swap':
      return 110_000n
    case 'v2-add':
    case 'v2-remove':
      return 250_000n
    case 'v3-add':
      return 500_000n
    case 'v3-remove':
      return 300_000n
  }
}
