import { decodeFunctionResult, encodeFunctionData, type Hex } from 'viem'
import { arbExecutorAbi } from '../../abi/arbExecutor.js'
import type { Opportunity } from '../../market/types.js'
import type { ExecutionMode } from '../Executor.js'
import { encodeRoute } from '../encodeRoute.js'

/** The ArbExecutor function a mode calls: its own balance (`execute`) or an Aave V3 flash loan (`executeFlash`). */
export function arbFunctionName(mode: ExecutionMode): 'execute' | 'executeFlash' {
  return mode === 'flash' ? 'executeFlash' : 'execute'
}

/**
 * Calldata of the ArbExecutor call that trades `opportunity`: every executor (fork, chain, bundle) builds it here,
 * always the four-argument overload. `minProfit` is what the contract must keep after every cost it pays, else it
 * reverts (`Unprofitable`): 1 for a simulation (show any profit), `onChainMinProfit(simulated, tolerance)` for a
 * trade. `bidBps` of the gain goes to `block.coinbase` (start token WETH only; 0 otherwise).
 */
export function encodeArbCall(opportunity: Opportunity, mode: ExecutionMode, minProfit: bigint, bidBps = 0): Hex {
  return encodeFunctionData({ abi: arbExecutorAbi, functionName: arbFunctionName(mode) as 'execute', args: [encodeRoute(opportunity.route), opportunity.amountIn, minProfit, BigInt(bidBps)] })
}

/** What an ArbExecutor call returns: the profit it keeps (start-token base units, after premium and payment) and the builder payment. */
export function decodeArbResult(mode: ExecutionMode, output: Hex): { profit: bigint; payment: bigint } {
  const [profit, payment] = decodeFunctionResult({ abi: arbExecutorAbi, functionName: arbFunctionName(mode) as 'execute', args: ['0x', 0n, 0n, 0n], data: output }) as readonly [bigint, bigint]
  return { profit, payment }
}
