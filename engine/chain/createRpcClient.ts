import { BaseError } from '../errors/BaseError.js'
import { RpcError } from '../errors/RpcError.js'
import { postJson } from './postJson.js'

export type RpcRequest = { method: string; params?: unknown[] }

export type RpcClient = {
  readonly url: string
  request<T = unknown>(method: string, params?: unknown[]): Promise<T>
  /**
   * Sends many calls in one JSON-RPC batch (one HTTP round trip) and returns results in order. A call that
   * the node answers with an error rejects the whole batch with that call's method named.
   */
  batch<T extends unknown[] = unknown[]>(requests: RpcRequest[]): Promise<T>
}

export type RpcClientOptions = {
  /** Attempts for transient failures (network error, timeout, HTTP 429/5xx). Default 5. */
  retries?: number
  /** First backoff delay in ms, doubled each attempt. Default 100. */
  backoffMs?: number
  /** Per-request timeout in ms. Default 30 s. */
  timeoutMs?: number
}

/** A JSON-RPC error answered by the node (execution reverted, unknown method…): not retried. */
export class RpcResponseError extends BaseError {
  override name = 'RpcResponseError'
  readonly code: number
  readonly data: unknown
  constructor(method: string, error: { code: number; message: string; data?: unknown }) {
    super(`${method} failed: ${error.message}`, { details: error.data === undefined ? undefined : JSON.stringify(error.data), retryable: false })
    this.code = error.code
    this.data = error.data
  }
}

const json = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `0x${x.toString(16)}` : x))

/**
 * A minimal JSON-RPC client over HTTP with batching, timeouts and retries with exponential backoff for
 * transient failures. Errors name the method and the URL with any key redacted.
 */
export function createRpcClient(url: string, options: RpcClientOptions = {}): RpcClient {
  const retries = options.retries ?? 5
  const backoffMs = options.backoffMs ?? 100
  const timeoutMs = options.timeoutMs ?? 30_000
  let id = 1
  let target: URL | undefined

  async function post(body: unknown, label: string): Promise<unknown> {
    try {
      target ??= new URL(url)
    } catch (cause) {
      throw new RpcError(label, url, { details: 'not a valid URL', cause, retryable: false })
    }
    let lastError: unknown
    const payload = json(body)
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)))
      try {
        const res = await postJson(target, payload, timeoutMs)
        if (res.status === 429 || res.status >= 500) {
          lastError = new RpcError(label, url, { details: `HTTP ${res.status}`, retryable: true })
          continue
        }
        if (res.status < 200 || res.status >= 300) throw new RpcError(label, url, { details: `HTTP ${res.status}`, retryable: false })
        const text = res.body
        try {
          return JSON.parse(text)
        } catch (cause) {
          // A truncated body is what a dropped connection looks like: retry.
          lastError = new RpcError(label, url, { details: 'response was not JSON', cause, retryable: true })
          continue
        }
      } catch (e) {
        if (e instanceof RpcError && !e.retryable) throw e
        lastError = e instanceof RpcError ? e : new RpcError(label, url, { details: (e as Error).message, cause: e, retryable: true })
      }
    }
    throw lastError instanceof RpcError
      ? new RpcError(label, url, { details: `gave up after ${retries + 1} attempts: ${lastError.details ?? ''}`, cause: lastError, retryable: true })
      : new RpcError(label, url, { cause: lastError })
  }

  return {
    url,
    async request<T>(method: string, params: unknown[] = []) {
      const res = (await post({ jsonrpc: '2.0', id: id++, method, params }, method)) as { result?: T; error?: { code: number; message: string; data?: unknown } }
      if (res.error) throw new RpcResponseError(method, res.error)
      return res.result as T
    },
    async batch<T extends unknown[]>(requests: RpcRequest[]) {
      if (requests.length === 0) return [] as unknown as T
      const first = id
      id += requests.length
      const body = requests.map((r, i) => ({ jsonrpc: '2.0', id: first + i, method: r.method, params: r.params ?? [] }))
      const label = `batch(${requests.length}: ${[...new Set(requests.map((r) => r.method))].join(',')})`
      const res = (await post(body, label)) as { id: number; result?: unknown; error?: { code: number; message: string; data?: unknown } }[]
      if (!Array.isArray(res)) throw new RpcError(label, url, { details: 'the node did not answer a batch with an array', retryable: false })
      const out = new Array(requests.length)
      const seen = new Array<boolean>(requests.length).fill(false)
      for (const r of res) {
        const i = r.id - first
        if (i < 0 || i >= requests.length) continue
        if (r.error) throw new RpcResponseError(requests[i]!.method, r.error)
        out[i] = r.result
        seen[i] = true
      }
      const missing = seen.indexOf(false)
      if (missing >= 0) throw new RpcError(label, url, { details: `no answer for call ${missing} (${requests[missing]!.method})`, retryable: true })
      return out as T
    },
  }
}
