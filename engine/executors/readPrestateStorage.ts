import type { Hex } from 'viem'
import type { RpcClient } from '../chain/createRpcClient.js'
import { blockOverrides, type NextBlock, type SimulatedCall } from './createCallSimulator.js'

/** Storage slots a call reads or writes, with their values before it: address → slot → value. */
export type PrestateStorage = Record<Hex, Record<Hex, Hex>>

/**
 * The storage `call` touches at `blockTag`, with the values it finds there (`prestateTracer` without code).
 * A fork freshly reset to the same block holds exactly these values; writing them into it up front spares the
 * fork one sequential fetch from the source per slot when the trade runs (about 0.3 ms each on loopback).
 */
export async function readPrestateStorage(rpc: RpcClient, call: SimulatedCall, blockTag: string, next?: NextBlock): Promise<PrestateStorage> {
  const options = { tracer: 'prestateTracer', tracerConfig: { disableCode: true }, ...blockOverrides(next) }
  const accounts = await rpc.request<Record<Hex, { storage?: Record<Hex, Hex> }>>('debug_traceCall', [call, blockTag, options])
  const out: PrestateStorage = {}
  for (const [address, account] of Object.entries(accounts) as [Hex, { storage?: Record<Hex, Hex> }][]) {
    if (account.storage && Object.keys(account.storage).length > 0) out[address] = account.storage
  }
  return out
}
