import type { Hex } from 'viem'
import type { Opportunity } from '../market/types.js'

/**
 * What carries opportunities out: the fork executor in backtests, the chain executor in live and paper mode.
 * The block pipeline (engine/pipeline/createBlockProcessor.ts) only sees this interface.
 */
export type ExecutionMode = 'capital' | 'flash'

export type SimulationResult =
  | { success: true; profit: bigint; gasUsed: bigint }
  | { success: false; error: string }

export type ExecutionResult = {
  success: boolean
  txHash: Hex | null
  /** Executor's balance change in the start token (after the flash premium, before gas). */
  realizedProfit: bigint
  gasUsed: bigint
  effectiveGasPrice: bigint
  /** Flash premium paid, from Aave's FlashLoan event (0 in capital mode). */
  flashFee: bigint
  priorityFee: bigint
  /** Base fee of the block the transaction was mined in. */
  baseFee: bigint
  latencyMs: number
  error: string | null
}

export type Executor = {
  /**
   * Targets the end of `blockNumber`: the next simulations and trades act on that state (the fork executor
   * resets its fork lazily, at the first trade; the chain executor ignores it).
   */
  moveTo(blockNumber: bigint): Promise<void>
  /** `eth_call` of the executor plus a gas estimate, against the fork's current state. */
  simulate(opportunity: Opportunity, mode: ExecutionMode): Promise<SimulationResult>
  /**
   * Sends the transaction, mines it, and reads the realized profit from balances and the receipt.
   * `gasEstimate` (the simulation's) sets the gas limit with headroom instead of a second estimate.
   */
  execute(opportunity: Opportunity, mode: ExecutionMode, gasEstimate?: bigint): Promise<ExecutionResult>
  close(): Promise<void>
}

