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
  const route = encodeRoute(opportunity.route)
  // Flash mode borrows from the lender chosen with the opportunity (engine/costs/chooseFlashSource.ts); Aave otherwise.
  const flash = mode === 'flash' ? opportunity.flash : undefined
  if (flash?.source === 'balancer-v2') return encodeFunctionData({ abi: arbExecutorAbi, functionName: 'executeFlashBalancer', args: [flash.lender, route, opportunity.amountIn, minProfit] })
  if (flash?.source === 'uniswap-v4') return encodeFunctionData({ abi: arbExecutorAbi, functionName: 'executeFlashV4', args: [flash.lender, route, opportunity.amountIn, minProfit] })
  return encodeFunctionData({ abi: arbExecutorAbi, functionName: arbFunctionName(mode) as 'execute', args: [route, opportunity.amountIn, minProfit] })
}

/** The profit an ArbExecutor call returns (start-token base units, after the flash fee); every entry point returns one uint256. */
export function decodeArbProfit(mode: ExecutionMode, output: Hex): bigint {
  return decodeFunctionResult({ abi: arbExecutorAbi, functionName: arbFunctionName(mode) as 'execute', data: output }) as bigint
}
