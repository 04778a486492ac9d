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
 * Calldata of the ArbExecutor call that trades `opportunity`: every executor (fork, chain, bundle) builds it here.
 * `minProfit` is what the contract must keep after every cost it pays, else it reverts (`Unprofitable`):
 * 1 for a simulation (show any profit), `onChainMinProfit(simulated, tolerance)` for a trade.
 */
export function encodeArbCall(opportunity: Opportunity, mode: ExecutionMode, minProfit: bigint): Hex {
  return encodeFunctionData({ abi: arbExecutorAbi, functionName: arbFunctionName(mode) as 'execute', args: [encodeRoute(opportunity.route), opportunity.amountIn, minProfit] })
}

/** The profit an ArbExecutor call returns (start-token base units, after the flash premium). */
export function decodeArbProfit(mode: ExecutionMode, output: Hex): bigint {
  return decodeFunctionResult({ abi: arbExecutorAbi, functionName: arbFunctionName(mode) as 'execute', data: output }) as bigint
}
