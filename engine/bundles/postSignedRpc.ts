import type { LocalAccount } from 'viem/accounts'
import { redactUrl } from '../errors/redactUrl.js'
import { signFlashbotsRequest } from './signFlashbotsRequest.js'

/** What a builder answered: the result, or an error as data (never thrown: one builder failing must not stop the others). */
export type SignedRpcAnswer<T> =
  | { ok: true; result: T }
  | {
      ok: false
      /** `unsupported`: the endpoint does not know the method; `rpc`: it answered with a JSON-RPC error; `http`: no usable answer. */
      code: 'unsupported' | 'rpc' | 'http'
      detail: string
    }

const UNKNOWN_METHOD = /method not found|not supported|unsupported method|does not exist|unknown method|not available/i

/**
 * POSTs one JSON-RPC call to a builder with its `X-Flashbots-Signature` header (signed by the bundle signing
 * key, over the exact body sent). Errors name the method and the URL with any key redacted, and never hold
 * the key or the signature.
 */
export async function postSignedRpc<T>(options: {
  url: string
  method: string
  params: unknown[]
  signer: LocalAccount
  timeoutMs?: number
}): Promise<SignedRpcAnswer<T>> {
  const { url, method, params, signer } = options
  const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }, (_, v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v))
  const where = `${method} to ${redactUrl(url)}`
  let status: number
  let text: string
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-flashbots-signature': await signFlashbotsRequest(body, signer) },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    })
    status = res.status
    text = await res.text()
  } catch (e) {
    return { ok: false, code: 'http', detail: `${where}: no answer (${(e as Error).name === 'TimeoutError' ? 'timed out' : (e as Error).message})` }
  }
  let parsed: { result?: T; error?: { code?: number; message?: string } } | undefined
  try {
    parsed = JSON.parse(text)
  } catch {
    parsed = undefined
  }
  if (parsed?.error) {
    const message = String(parsed.error.message ?? 'error')
    const unsupported = parsed.error.code === -32601 || UNKNOWN_METHOD.test(message)
    return { ok: false, code: unsupported ? 'unsupported' : 'rpc', detail: `${where}: ${message}` }
  }
  if (status === 404 || status === 405 || status === 501) return { ok: false, code: 'unsupported', detail: `${where}: HTTP ${status}` }
  if (status < 200 || status >= 300 || parsed === undefined || !('result' in parsed)) {
    return { ok: false, code: 'http', detail: `${where}: HTTP ${status}${parsed === undefined ? ', not JSON' : ''}` }
  }
  return { ok: true, result: parsed.result as T }
}
