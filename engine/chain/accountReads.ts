import type { RpcAnswer, RpcRequest } from './createRpcClient.js'

// How a forwarder recognizes account reads, which Anvil makes in two interchangeable forms, and the trace that
// names the accounts a trade will touch (see startRpcForwarder).

/** The three standard reads that make up an account (in this order), and the method that returns them at once. */
export const ACCOUNT_PARTS = ['eth_getBalance', 'eth_getTransactionCount', 'eth_getCode'] as const
const ACCOUNT_METHODS = new Set<string>([...ACCOUNT_PARTS, 'eth_getAccountInfo'])

/** An account read (`[address, block]`), with an id for the account at that block. */
export function accountRead(call: RpcRequest): { id: string; address: string; block: unknown } | undefined {
  if (!ACCOUNT_METHODS.has(call.method)) return undefined
  const [address, block] = call.params ?? []
  if (typeof address !== 'string' || block === undefined) return undefined
  const lower = address.toLowerCase()
  return { id: JSON.stringify([lower, block]), address: lower, block }
}

/** A `prestateTracer` trace (not in diff mode): its answer maps every account the call touches to its state. */
export function isPrestateTrace(call: RpcRequest): boolean {
  const options = call.params?.[2] as { tracer?: unknown; tracerConfig?: { diffMode?: unknown } } | undefined
  return call.method === 'debug_traceCall' && options?.tracer === 'prestateTracer' && options.tracerConfig?.diffMode !== true
}

/** One form of an account read from the answers to its three parts (balance, nonce, code). */
export function composeAccount(method: string, parts: RpcAnswer[]): RpcAnswer {
  const [balance, nonce, code] = parts as [RpcAnswer, RpcAnswer, RpcAnswer]
  if (method === 'eth_getBalance') return balance
  if (method === 'eth_getTransactionCount') return nonce
  if (method === 'eth_getCode') return code
  const failed = parts.find((p) => p.error)
  return failed ?? { result: { balance: balance.result, nonce: nonce.result, code: code.result } }
}
