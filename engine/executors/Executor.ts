import type { Hex } from 'viem'
import type { Opportunity } from '../market/types.js'
import type { HistoryBlock } from '../sources/types.js'

/**
 * What carries opportunities out: the fork executor in backtests, the chain executor in live and paper mode.
 * The block pipeline (engine/pipeline/createBlockProcessor.ts) only sees this interface.
 */
export type ExecutionMode = 'capital' | 'flash'

/** What a successful simulation predicted: the profit the executor call returns and the gas it used. */
export type SimulatedTrade = { profit: bigint; gasUsed: bigint }

/**
 * A trade the pipeline decided to send: what, how, what the simulation predicted, and the least profit the
 * contract must keep or revert (`onChainMinProfit` of the simulated profit and the configured tolerance).
 */
export type TradeOrder = { opportunity: Opportunity; mode: ExecutionMode; simulated: SimulatedTrade; minProfit: bigint }

export type SimulationResult = ({ success: true } & SimulatedTrade) | { success: false; error: string }

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
   * Sends the trade, has it mined, and reads the realized profit from balances and the receipt. The simulated gas
   * sets the gas limit (engine/executors/arbExecutor/gasLimit.ts); the contract enforces `order.minProfit`.
   */
  execute(order: TradeOrder): Promise<ExecutionResult>
  close(): Promise<void>
}

