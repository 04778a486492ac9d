import type { Action } from './scenarioTypes.js'

/**
 * Gas limit declared for each transaction: about twice the most it was seen to use, so none runs out of
 * gas. The scenario Anvil runs with `--disable-block-gas-limit`, so a block is not packed by the scenario's
 * gas limit; Anvil still silently drops transactions once their declared sum passes its configured limit
 * (30M), so the planner keeps that sum under `DECLARED_GAS_CAP` and bounds the gas actually used with
 * `actionGasBudget`.
 */
export const txGas = {
  v2Swap: 300_000n,
  v2Mint: 500_000n,
  v2Burn: 400_000n,
  v3Swap: 800_000n,
  v3Mint: 1_000_000n,
  v3Remove: 600_000n,
} as const

/** Most gas a block's transactions may declare in total (below the deploy-time limit of 30M). */
export const DECLARED_GAS_CAP = 25_000_000n

/** Gas declared by the transaction of an action. */
export function actionTxGas(action: Action): bigint {
  switch (action.type) {
    case 'v2-swap':
      return txGas.v2Swap
    case 'v3-swap':
      return txGas.v3Swap
    case 'v2-add':
      return txGas.v2Mint
    case 'v2-remove':
      return txGas.v2Burn
    case 'v3-add':
      return txGas.v3Mint
    case 'v3-remove':
      return txGas.v3Remove
  }
}

/**
 * Gas an action is counted for when a block is planned: about the 99th percentile of what it uses on the
 * devnet (measured: a V2 router swap uses 98k on average and 138k at most; a V3 router swap 107k on
 * average, 154k at the 99th percentile, up to ~370k when it crosses many ticks; a position mint ~470k).
 * The planner keeps a block's sum under its gas limit, so a busy block is about 65% full and a quiet one
 * far less, and EIP-1559 moves the base fee both ways. A block over its limit would take many outliers at
 * once; `generateScenario` counts them (`stats.overfullBlocks`).
 */
export function actionGasBudget(action: Action): bigint {
  switch (action.type) {
    case 'v2-swap':
      return 140_000n
    case 'v3-swap':
      return 160_000n
    case 'v2-add':
      return 250_000n
    case 'v2-remove':
      return 250_000n
    case 'v3-add':
      return 500_000n
    case 'v3-remove':
      return 300_000n
  }
}
