import type { ExecutionResult } from '../Executor.js'

/** The error of a trade whose bundle landed in none of its target blocks: it paid nothing. */
export const BUNDLE_NOT_INCLUDED = 'bundle not included'

/**
 * What a trade sent as a bundle realizes when, where it lands, it reverts: a builder leaves a bundle with a
 * reverting transaction out (no `revertingTxHashes`), so nothing is mined, paid or realized. The landing (block,
 * position, rival, outcome) is kept: it says why the bundle would have been left out.
 *
 * @example
 * asBundleResult({ ...reverted, gasUsed: 190_000n }) // { success: false, txHash: null, gasUsed: 0n, …, error: 'bundle not included' }
 */
export function asBundleResult(result: ExecutionResult): ExecutionResult {
  if (result.success) return result
  return {
    ...result,
    txHash: null,
    realizedProfit: 0n,
    gasUsed: 0n,
    effectiveGasPrice: 0n,
    flashFee: 0n,
    priorityFee: 0n,
    builderPayment: 0n,
    error: BUNDLE_NOT_INCLUDED,
  }
}
