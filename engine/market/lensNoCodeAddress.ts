import { decodeErrorResult, type Hex } from 'viem'
import { poolStateLensAbi } from '../abi/poolStateLens.js'
import { RpcResponseError } from '../chain/createRpcClient.js'
import type { Address } from './types.js'

/**
 * The address a lens call reverted on with `NoCode(pool)` (both lenses declare that error), lower-case, or
 * undefined when `error` is anything else. Nodes put the revert data in the JSON-RPC error's `data`, as a hex
 * string (Anvil, geth) or as an object's `data` field (some providers).
 */
export function lensNoCodeAddress(error: unknown): Address | undefined {
  if (!(error instanceof RpcResponseError)) return undefined
  const raw = error.data
  const data = typeof raw === 'string' ? raw : typeof (raw as { data?: unknown } | null)?.data === 'string' ? (raw as { data: string }).data : undefined
  if (!data?.startsWith('0x')) return undefined
  try {
    const decoded = decodeErrorResult({ abi: poolStateLensAbi, data: data as Hex })
    return decoded.errorName === 'NoCode' ? (decoded.args[0].toLowerCase() as Address) : undefined
  } catch {
    return undefined
  }
}
