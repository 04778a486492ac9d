import { decodeFunctionResult, encodeFunctionData, erc20Abi, type Address, type Hex } from 'viem'
import type { RpcClient } from '../../chain/createRpcClient.js'
import { DevnetError } from '../../errors/DevnetError.js'
import { addressMappingSlot } from './poolStorage.js'

/**
 * The index of the `balanceOf` mapping in an ERC-20's storage (0 for OpenZeppelin, 3 for WETH9), found by
 * comparing `balanceOf(holder)` with the mapping slot for each candidate index. `holder` must hold a
 * non-zero balance.
 */
export async function findBalanceSlot(rpc: RpcClient, token: Address, holder: Address, candidates = 12): Promise<bigint> {
  const data = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [holder] })
  const indexes = Array.from({ length: candidates }, (_, i) => BigInt(i))
  const [raw, ...slots] = await rpc.batch<Hex[]>([
    { method: 'eth_call', params: [{ to: token, data }, 'latest'] },
    ...indexes.map((i) => ({ method: 'eth_getStorageAt', params: [token, addressMappingSlot(holder, i), 'latest'] })),
  ])
  const balance = decodeFunctionResult({ abi: erc20Abi, functionName: 'balanceOf', data: raw! })
  const found = balance === 0n ? -1 : slots.findIndex((s) => BigInt(s) === balance)
  if (found < 0) {
    throw new DevnetError(`Cannot find the balanceOf storage slot of token ${token}`, { step: 'balance-slot', details: `holder ${holder}, balance ${balance}` })
  }
  return indexes[found]!
}
