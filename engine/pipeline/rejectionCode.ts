import type { RiskRejectionCode } from '../risk/riskDecision.js'

/**
 * Every value `rejections.reason` can hold (documented in engine/store/SCHEMA.md):
 * - `no-gas-price`: no WETH pool prices the start token, so gas cannot be charged in it;
 * - `below-min-profit`: expected profit minus a gas floor (before simulation) or simulated net profit is below the minimum;
 * - `simulation-reverted`: the executor call reverts on the state the searcher knew;
 * - `paper`: validated, not sent (paper mode);
 * - `kill-switch`: validated, not sent because the kill switch is on (live mode);
 * - `pool-taken`: an earlier trade of the block used one of its pools, and the executor lands trades apart from the
 *   state later candidates are simulated on (every inclusion model but `top`, and live bundles): a searcher does not
 *   send a second trade on an edge its first one takes;
 * - `accounts-busy`: with `execution.submit: bundle`, every trading account (`execution.bundleAccounts`) already sends a
 *   trade of this block: one account's bundles of one head share a nonce, so no more than that many can land;
 * - the risk manager's codes (`RiskRejectionCode`).
 */
export type RejectionCode = RiskRejectionCode | 'no-gas-price' | 'simulation-reverted' | 'paper' | 'kill-switch' | 'pool-taken' | 'accounts-busy'

/** Codes that mean "would have been sent": the candidate passed every check. */
export type HoldCode = Extract<RejectionCode, 'paper' | 'kill-switch'>
