import type { Hex } from 'viem'
import { RpcResponseError, type RpcClient } from '../chain/createRpcClient.js'
import { BaseError } from '../errors/BaseError.js'
import type { Address } from '../market/types.js'

/** A log as JSON-RPC returns it, with the fields discovery reads. */
export type RpcLog = { address: Address; topics: Hex[]; data: Hex; blockNumber: Hex; transactionHash: Hex; logIndex: Hex; removed?: boolean }

/**
 * `eth_getLogs` over `from..to` (inclusive) in windows of `window` blocks (default 5,000), one window at a time,
 * calling `onWindow` after each so callers can save progress. A node that refuses a window as too large
 * (result or range limits: Alchemy, Infura, QuickNode, geth) gets it again in halves, down to one block.
 * Logs are checked to lie in the window and to come from one of `addresses`.
 */
export async function fetchLogs(
  rpc: RpcClient,
  query: { addresses: readonly Address[]; topic0s: readonly Hex[]; from: bigint; to: bigint; window?: bigint },
  onWindow: (logs: RpcLog[], window: { from: bigint; to: bigint }) => Promise<void>,
): Promise<void> {
  const allowed = new Set(query.addresses.map((a) => a.toLowerCase()))
  let size = query.window ?? 5_000n
  let from = query.from
  while (from <= query.to) {
    const to = from + size - 1n < query.to ? from + size - 1n : query.to
    let logs: RpcLog[]
    try {
      logs = await rpc.request<RpcLog[]>('eth_getLogs', [
        { address: [...allowed], topics: [[...query.topic0s]], fromBlock: hex(from), toBlock: hex(to) },
      ])
    } catch (error) {
      if (error instanceof RpcResponseError && to > from && tooLarge(error)) {
        size = (to - from + 1n) / 2n
        continue
      }
      throw error
    }
    for (const log of logs) {
      const n = BigInt(log.blockNumber)
      if (n < from || n > to || !allowed.has(log.address.toLowerCase())) {
        throw new BaseError(`eth_getLogs answered a log of ${log.address} at block ${n}, outside the query (${from}..${to})`)
      }
    }
    await onWindow(
      logs.filter((l) => !l.removed),
      { from, to },
    )
    from = to + 1n
  }
}

const hex = (n: bigint) => `0x${n.toString(16)}` as Hex

/** Providers word their "narrow the range" refusals differently; these cover the common ones. */
function tooLarge(error: RpcResponseError): boolean {
  return error.code === -32005 || /more than|too many|range|limit|exceed|too large|timeout/i.test(error.message)
}
