import type { Hex } from 'viem'
import type { ExecutionResult } from '../Executor.js'

/** The result of a trade that never ran to a receipt (refused, not sent, not mined): nothing realized, nothing paid. */
export function failedExecution(startedAt: number, error: string, txHash: Hex | null = null): ExecutionResult {
  return { success: false, txHash, realizedProfit: 0n, gasUsed: 0n, effectiveGasPrice: 0n, flashFee: 0n, priorityFee: 0n, baseFee: 0n, builderPayment: 0n, latencyMs: performance.now() - startedAt, error }
}
