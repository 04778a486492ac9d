import { hexToBytes, type Hex } from 'viem'
import type { Opportunity } from '../../market/types.js'
import type { ExecutionMode } from '../Executor.js'
import { encodeArbCall } from './encodeArbCall.js'

/** Intrinsic gas of calldata: 4 per zero byte, 16 per other byte (EIP-2028; EIP-7623 prices tokens the same way). */
export function calldataGas(data: Hex): bigint {
  let gas = 0n
  for (const b of hexToBytes(data)) gas += b === 0 ? 4n : 16n
  return gas
}

/**
 * Gas of the trade as it will be sent, from its simulation. Simulations call with `minProfit` 1 (to see any
 * profit); the trade carries the real minimum, whose bytes cost more calldata gas. The execution itself is the
 * same, so the difference is exactly the calldata's: simulated gas then equals the mined receipt's gas.
 */
export function tradeGas(opportunity: Opportunity, mode: ExecutionMode, simulatedGas: bigint, minProfit: bigint, bidBps: number): bigint {
  return simulatedGas + calldataGas(encodeArbCall(opportunity, mode, minProfit, bidBps)) - calldataGas(encodeArbCall(opportunity, mode, 1n, bidBps))
}
