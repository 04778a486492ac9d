import type { Hex } from 'viem'
import type { Opportunity } from '../market/types.js'
import type { HistoryBlock } from '../sources/types.js'

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
   * Targets the end of `block`: the next simulations and trades act on that state, as if mined in the block
   * after it (the fork executor resets its fork lazily, at the first trade; the chain executor ignores it).
   */
  moveTo(block: HistoryBlock): Promise<void>
  /** The executor call on the current state: its profit and the gas it uses (or the revert). */
  simulate(opportunity: Opportunity, mode: ExecutionMode): Promise<SimulationResult>
  /**
   * Sends the transaction, mines it, and reads the realized profit from balances and the receipt.
   * `gasEstimate` (the simulation's gas) sets the gas limit with headroom instead of a second estimate.
   */
  execute(opportunity: Opportunity, mode: ExecutionMode, gasEstimate?: bigint): Promise<ExecutionResult>
  close(): Promise<void>
}

