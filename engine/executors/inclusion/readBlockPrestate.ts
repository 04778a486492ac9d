import type { Hex } from 'viem'
import type { RpcClient } from '../../chain/createRpcClient.js'
import type { PrestateStorage } from '../readPrestateStorage.js'

type TxPrestate = { result?: Record<Hex, { storage?: Record<Hex, Hex> }> }

/**
 * The storage a whole block touches, with its values before the block: each transaction's `prestateTracer` result
 * in block order, keeping a slot's first value (later transactions see what earlier ones wrote). A fork reset to the
 * block's parent holds exactly these values, so writing them up front spares it fetching them one by one while the
 * block is replayed.
 */
export async function readBlockPrestate(rpc: RpcClient, blockNumber: bigint): Promise<PrestateStorage> {
  const traces = await rpc.request<TxPrestate[]>('debug_traceBlockByNumber', [`0x${blockNumber.toString(16)}`, { tracer: 'prestateTracer', tracerConfig: { disableCode: true } }])
  const out: PrestateStorage = {}
  for (const t of traces) {
    for (const [address, account] of Object.entries(t.result ?? {}) as [Hex, { storage?: Record<Hex, Hex> }][]) {
      if (!account.storage) continue
      const slots = (out[address] ??= {})
      for (const [slot, value] of Object.entries(account.storage) as [Hex, Hex][]) if (!(slot in slots)) slots[slot] = value
    }
  }
  return out
}
