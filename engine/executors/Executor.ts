import type { Hex } from 'viem'
import type { TradeOutcome } from './inclusion/outcomeOf.js'
import type { Opportunity } from '../market/types.js'
import type { HistoryBlock } from '../sources/types.js'

/**
 * What carries opportunities out: the fork executor in backtests, the chain executor in live and paper mode.
 * The block pipeline (engine/pipeline/createBlockProcessor.ts) only sees this interface.
 */
export type ExecutionMode = 'capital' | 'flash'

/**
 * What a successful simulation predicted: the profit the executor keeps (after the flash premium and the builder
 * payment), the builder payment (start-token base units, paid to the coinbase by ArbExecutor), and the gas.
 */
export type SimulatedTrade = { profit: bigint; payment: bigint; gasUsed: bigint }

/**
 * A trade the pipeline decided to send: what, how, what the simulation predicted, and the least profit the
 * contract must keep or revert (`onChainMinProfit` of the simulated profit and the configured tolerance).
 */
export type TradeOrder = {
  opportunity: Opportunity
  mode: ExecutionMode
  simulated: SimulatedTrade
  minProfit: bigint
  /** Share of the gain ArbExecutor pays `block.coinbase`, basis points (the simulation ran with the same). */
  bidBps: number
  /** Tip per gas, wei. */
  priorityFee: bigint
  /**
   * Sent as a bundle (`execution.submit: bundle`): a backtest then treats a trade that reverts where it lands as
   * left out by the builder, costing nothing (engine/executors/bundle/asBundleResult.ts), as live mode records it.
   */
  bundle?: boolean
  /** The run and opportunity the order belongs to (the bundle executor's `submissions` rows name them). */
  ref?: { runId: string; opportunityId: string }
}

export type SimulationResult = ({ success: true } & SimulatedTrade) | { success: false; error: string }

/** Where a trade landed and how it fared there (the inclusion model's record; see engine/executors/inclusion/). */
export type Landing = {
  /** `top`, `delay:K`, `priority`, `index:K`, `end`. */
  model: string
  block: bigint
  /** Index of our transaction in its block. */
  position: number
  /** Transactions ahead of ours in that block. */
  ahead: number
  /** First transaction ahead of ours that touched one of the trade's pools. */
  rival: Hex | null
  outcome: TradeOutcome
  /** Transactions of the landing block that could not be replayed on the fork, and the first reason. */
  replayFailures: number
  replayError: string | null
}

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
  /** Paid to the coinbase by ArbExecutor (start-token base units; 0 when the trade reverted). */
  builderPayment: bigint
  /** Where the trade landed (backtests; live executors leave it out). */
  landing?: Landing
  latencyMs: number
  error: string | null
}

export type Executor = {
  /**
   * Targets the end of `block`: the next simulations and trades act on that state, as if mined in the block
   * after it (the fork executor resets its fork lazily, at the first trade; the chain executor ignores it).
   */
  moveTo(block: HistoryBlock): Promise<void>
  /** The executor call on the current state, paying `bidBps` to the builder: its profit, payment and gas (or the revert). */
  simulate(opportunity: Opportunity, mode: ExecutionMode, bidBps?: number): Promise<SimulationResult>
  /**
   * Sends the trade, has it mined, and reads the realized profit from balances and the receipt. The simulated gas
   * sets the gas limit (engine/executors/arbExecutor/gasLimit.ts); the contract enforces `order.minProfit`.
   */
  execute(order: TradeOrder): Promise<ExecutionResult>
  /**
   * Sends the trade and answers once it is out, with `settled`: its ExecutionResult once the outcome is known
   * (executors that follow a trade over later blocks, the bundle executor). When present, the pipeline uses it
   * instead of `execute`, so a block's next trades and the next head do not wait for this one's target blocks.
   * `settled` never rejects: an outcome that cannot be followed to the end is a failed result saying so.
   */
  send?(order: TradeOrder): Promise<{ settled: Promise<ExecutionResult> }>
  close(): Promise<void>
  /**
   * True when trades land apart from the state a block's later candidates are simulated on (the fork executor with
   * any inclusion model but `top`): those simulations do not see the block's earlier trades, so the pipeline keeps
   * later candidates off the pools those trades used.
   */
  readonly landsApart?: boolean
}

