import type { Hex } from 'viem'
import type { RpcRequest } from '../chain/createRpcClient.js'

/**
 * Gas given to every deployless lens call. The worst tick-lens call (1,024 bitmap words ≈ 3.0M gas, plus at most
 * 767 ticks × ≈ 10k for `ticks(t)`'s four cold slots, plus the output's code deposit, 767 × 32 × 200 ≈ 4.9M)
 * stays under ≈ 16M, and the lens stops early rather than run out. 25M fits under a 30M cap: Anvil caps eth_call
 * gas at the block gas limit (30M by default) unless started with --disable-block-gas-limit, and geth, erigon
 * and reth cap it at 50M by default. A pool-state call uses far less (≈ 20k per pool, mostly code deposit).
 */
export const LENS_CALL_GAS = 25_000_000n

/**
 * The JSON-RPC request for a deployless lens: an `eth_call` with no `to`, whose `data` is the lens's creation
 * code plus its constructor arguments, at `block`. The node runs the constructor and answers its output.
 *
 * @example
 * const request = lensCall(encodeTickLens(bytecode, pool, 60, -58, 57), '0x64')
 */
export function lensCall(data: Hex, block: Hex): RpcRequest {
  return { method: 'eth_call', params: [{ data, gas: `0x${LENS_CALL_GAS.toString(16)}` }, block] }
}
