import { postJson } from '../chain/postJson.js'
import { BaseError } from '../errors/BaseError.js'
import { BuilderError, invalidParam } from '../errors/BuilderError.js'
import { verifyFlashbotsSignature, type SignatureCheck } from './verifyFlashbotsSignature.js'

/** A JSON-RPC method the builder answers itself; `signer` is set for the signed bundle methods. */
export type LocalMethod = (params: unknown, context: { signer?: `0x${string}` }) => Promise<unknown>

export type BuilderHttpAnswer = { status: number; body: string }

type Call = { jsonrpc?: string; id?: unknown; method?: unknown; params?: unknown }

/** Methods that need a valid X-Flashbots-Signature, as on Flashbots and the builders that copy its API. */
export const SIGNED_METHODS = new Set(['eth_sendBundle', 'eth_callBundle', 'eth_cancelBundle'])

const json = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `0x${x.toString(16)}` : x))

/**
 * Answers one HTTP body of JSON-RPC (a call or a batch): the builder's own methods are run here, after the
 * signature check for the bundle methods; every other call goes to the node unchanged. A body with only
 * node calls is forwarded as it is (one round trip, the node's answer verbatim), so the builder costs a
 * normal client nothing. Errors answer with a JSON-RPC error naming the field; no stack trace leaves.
 */
export async function handleBuilderRequest(options: {
  body: string
  signatureHeader: string | string[] | undefined
  local: ReadonlyMap<string, LocalMethod>
  upstream: URL
  /** Wraps every forwarded call (the build gate). */
  forward: <T>(fn: () => Promise<T>) => Promise<T>
}): Promise<BuilderHttpAnswer> {
  const { body, local, upstream, forward } = options
  let parsed: unknown
  try {
    parsed = JSON.parse(body)
  } catch {
    return { status: 200, body: json({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: the body is not JSON' } }) }
  }
  const batch = Array.isArray(parsed)
  const calls = (batch ? parsed : [parsed]) as Call[]
  if (calls.length === 0) return { status: 200, body: json({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid request: empty batch' } }) }

  const isLocal = (c: Call) => typeof c?.method === 'string' && local.has(c.method)
  if (!calls.some(isLocal)) {
    const res = await forward(() => postJson(upstream, body, 300_000))
    return { status: res.status, body: res.body }
  }

  let signature: SignatureCheck | undefined
  if (calls.some((c) => typeof c?.method === 'string' && SIGNED_METHODS.has(c.method))) {
    signature = await verifyFlashbotsSignature(options.signatureHeader, body)
    if (!signature.ok) {
      const error = { code: -32600, message: signature.detail }
      const answer = batch ? calls.map((c) => ({ jsonrpc: '2.0', id: c?.id ?? null, error })) : { jsonrpc: '2.0', id: calls[0]?.id ?? null, error }
      return { status: 403, body: json(answer) }
    }
  }

  const answers = await Promise.all(
    calls.map(async (call) => {
      const id = call?.id ?? null
      if (typeof call !== 'object' || call === null || typeof call.method !== 'string') {
        return { jsonrpc: '2.0', id, error: { code: -32600, message: 'Invalid request: expected {"jsonrpc":"2.0","id":…,"method":"…","params":[…]}' } }
      }
      const method = local.get(call.method)
      if (!method) {
        const res = await forward(() => postJson(upstream, json(call), 300_000))
        try {
          return JSON.parse(res.body) as unknown
        } catch {
          return { jsonrpc: '2.0', id, error: { code: -32603, message: `the node answered ${call.method} with HTTP ${res.status} and no JSON` } }
        }
      }
      try {
        const params = call.params === undefined ? [] : call.params
        if (!Array.isArray(params)) throw invalidParam('params', 'an array', params)
        const result = await method(params, signature?.ok ? { signer: signature.signer } : {})
        return { jsonrpc: '2.0', id, result: result ?? null }
      } catch (e) {
        return { jsonrpc: '2.0', id, error: toRpcError(e) }
      }
    }),
  )
  return { status: 200, body: json(batch ? answers : answers[0]) }
}

function toRpcError(e: unknown): { code: number; message: string; data?: string } {
  if (e instanceof BuilderError) return { code: e.rpcCode, message: e.shortMessage, ...(e.details ? { data: e.details } : {}) }
  if (e instanceof BaseError) return { code: -32000, message: e.shortMessage }
  return { code: -32603, message: e instanceof Error ? e.message.split('\n')[0]! : String(e) }
}
