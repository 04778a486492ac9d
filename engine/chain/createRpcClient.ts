import { RpcError } from '../errors/RpcError.js'
import type { RateLimiter } from './createRateLimiter.js'
import { postJson, PostFailed, type PostResult } from './postJson.js'
import { backoffDelay } from './withRetry.js'

/** One JSON-RPC call. */
export type RpcRequest = { method: string; params?: readonly unknown[] }

/** An error a node answered to one call (EIP-1474). */
export type RpcNodeError = { code: number; message: string; data?: unknown }

/** A node's answer to one call: its result, or the error it answered. */
export type RpcAnswer = { result: unknown; error?: undefined } | { result?: undefined; error: RpcNodeError }

/** What a client has sent so far: what a provider bills (requests and calls) and what the network carried. */
export type RpcUsage = {
  /** HTTP requests sent, retries included. */
  requests: number
  /** JSON-RPC calls sent (a batch of n counts n), retries included. */
  calls: number
  bytesSent: number
  bytesReceived: number
  /** Requests sent again after a transient failure. */
  retries: number
  /** Answers that were a rate limit (HTTP 429 or a rate-limit error code). */
  rateLimited: number
}

export type RpcClient = {
  readonly url: string
  /** Counters since the client was created (a live object). */
  readonly usage: Readonly<RpcUsage>
  request<T = unknown>(method: string, params?: readonly unknown[]): Promise<T>
  /**
   * Sends many calls in one JSON-RPC batch (one HTTP round trip, or several of at most `maxBatchSize` calls
   * sent at once) and returns results in order. A call that the node answers with an error rejects the whole
   * batch with an RpcResponseError naming that call's method.
   */
  batch<T extends unknown[] = unknown[]>(requests: readonly RpcRequest[]): Promise<T>
  /**
   * Like `batch`, but returns every call's answer, errors the node answered included, instead of throwing on
   * the first: what a forwarder relays. Transient failures are still retried and still throw when they last.
   */
  exchange(requests: readonly RpcRequest[]): Promise<RpcAnswer[]>
}

export type RpcClientOptions = {
  /** Attempts after the first for transient failures (network error, timeout, HTTP 5xx, truncated answer). Default 5. */
  retries?: number
  /** First backoff delay in ms, doubled each attempt (jittered, at most 10 s). Default 100. */
  backoffMs?: number
  /** Per-request timeout in ms. Default 30 s. */
  timeoutMs?: number
  /**
   * Most calls in one HTTP request (providers cap batches: 100 to 1,000 calls). Larger batches are split and
   * the parts sent at once. A node that answers a batch with "too large" (HTTP 413 or a batch error) gets
   * halves until it accepts them. Default 1,000.
   */
  maxBatchSize?: number
  /** Spaces calls to a rate (`--rpc-rate`); share one limiter between clients of the same provider. */
  rateLimiter?: RateLimiter
  /** Waits after a rate-limit answer (HTTP 429 or a rate-limit error code) before giving up. Default 8 (about a minute). */
  rateLimitRetries?: number
}

/**
 * An error the node answered (execution reverted, unknown method, invalid params…): not retried, since the
 * same call gets the same answer. The message names the method; `code` and `data` are the node's.
 */
export class RpcResponseError extends RpcError {
  override name = 'RpcResponseError'
  readonly code: number
  readonly data: unknown
  constructor(method: string, url: string, error: RpcNodeError) {
    super(method, url, {
      shortMessage: `${method} failed: ${error.message}`,
      details: error.data === undefined ? undefined : JSON.stringify(error.data),
      retryable: false,
    })
    this.code = error.code
    this.data = error.data
  }
}

const json = (v: unknown) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `0x${x.toString(16)}` : x))

/** Rate-limit answers as providers word them (Alchemy 429, Infura -32005, QuickNode, Ankr…). */
const RATE_LIMIT = /rate.?limit|too many requests|exceeded .*(capacity|limit|rate)|request limit|throughput/i
const isRateLimit = (e: RpcNodeError) => e.code === 429 || e.code === -32005 || RATE_LIMIT.test(e.message)
const BATCH_TOO_LARGE = /batch.*(size|large|limit|exceed|too many|maximum)|(size|large|limit|exceed|too many|maximum).*batch/i

type Sent = { calls: readonly RpcRequest[]; single: boolean }

/** The message of a JSON-RPC error in an HTTP error's body (a forwarder's reason), if there is one. */
function said(body: string): string {
  try {
    const message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message
    return typeof message === 'string' ? `: ${message.slice(0, 300)}` : ''
  } catch {
    return ''
  }
}

/**
 * The JSON-RPC transport of the engine: single calls, batches (split at the provider's cap), retries with
 * backoff of transient failures only (network errors, timeouts, HTTP 5xx, truncated answers, missing batch
 * members), patient waits on rate limits (HTTP 429 with its Retry-After, or a rate-limit error code), an
 * optional call rate, and usage counters. Everything fails with one error type, `RpcError` (the node's own
 * answers as its subclass `RpcResponseError`), whose `retryable` flag tells a caller whether trying later helps.
 * Errors name the method and the URL with any key redacted. HTTP goes through `postJson` (node:http with
 * keep-alive sockets, not fetch: see there why).
 *
 * @example
 * const rpc = createRpcClient(url, { maxBatchSize: 100, rateLimiter: createRateLimiter(25) })
 * const [a, b] = await rpc.batch<[Hex, Hex]>([{ method: 'eth_chainId' }, { method: 'eth_blockNumber' }])
 */
export function createRpcClient(url: string, options: RpcClientOptions = {}): RpcClient {
  const retries = options.retries ?? 5
  const backoffMs = options.backoffMs ?? 100
  const timeoutMs = options.timeoutMs ?? 30_000
  const rateLimitRetries = options.rateLimitRetries ?? 8
  let maxBatchSize = Math.max(1, options.maxBatchSize ?? 1_000)
  const usage: RpcUsage = { requests: 0, calls: 0, bytesSent: 0, bytesReceived: 0, retries: 0, rateLimited: 0 }
  let id = 1
  let target: URL | undefined

  // One word, so messages read "RPC batch[3]:eth_chainId,eth_blockNumber to <url> failed".
  const labelOf = (calls: readonly RpcRequest[]) =>
    calls.length === 1 ? calls[0]!.method : `batch[${calls.length}]:${[...new Set(calls.map((r) => r.method))].join(',')}`
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

  /** One HTTP exchange; resolves with the parsed body, or rejects with PostFailed / a transient RpcError. */
  async function post(sent: Sent, first: number): Promise<{ res: PostResult; body?: unknown }> {
    try {
      target ??= new URL(url)
    } catch (cause) {
      throw new RpcError(labelOf(sent.calls), url, { details: 'not a valid URL', cause, retryable: false })
    }
    const payload = sent.single
      ? json({ jsonrpc: '2.0', id: first, method: sent.calls[0]!.method, params: sent.calls[0]!.params ?? [] })
      : json(sent.calls.map((c, i) => ({ jsonrpc: '2.0', id: first + i, method: c.method, params: c.params ?? [] })))
    await options.rateLimiter?.take(sent.calls.length)
    usage.requests++
    usage.calls += sent.calls.length
    usage.bytesSent += Buffer.byteLength(payload)
    const res = await postJson(target, payload, timeoutMs)
    usage.bytesReceived += Buffer.byteLength(res.body)
    if (res.status < 200 || res.status >= 300) return { res }
    try {
      return { res, body: JSON.parse(res.body) }
    } catch {
      return { res } // a truncated body: what a dropped connection looks like
    }
  }

  /** Sends `calls` (at most maxBatchSize) until each has a final answer. */
  async function exchangeChunk(calls: readonly RpcRequest[]): Promise<RpcAnswer[]> {
    const answers = new Array<RpcAnswer | undefined>(calls.length)
    let pending = calls.map((_, i) => i)
    let failures = 0
    let limited = 0
    let lastFailure = ''
    while (pending.length > 0) {
      const sent: Sent = { calls: pending.map((i) => calls[i]!), single: pending.length === 1 }
      const label = labelOf(sent.calls)
      const first = id
      id += pending.length
      let outcome: Awaited<ReturnType<typeof post>> | undefined
      try {
        outcome = await post(sent, first)
      } catch (e) {
        if (!(e instanceof PostFailed)) throw e
        lastFailure = e.message
      }
      const transient = async (why: string) => {
        lastFailure = why
        if (++failures > retries) {
          throw new RpcError(label, url, { details: `gave up after ${failures} attempts: ${lastFailure}`, retryable: true })
        }
        usage.retries++
        await sleep(backoffDelay(failures, backoffMs))
      }
      const rateLimited = async (retryAfterMs: number | undefined, why: string) => {
        usage.rateLimited++
        if (++limited > rateLimitRetries) {
          const rate = options.rateLimiter ? `; the client sends at most ${options.rateLimiter.rate} calls/s (lower --rpc-rate)` : '; set --rpc-rate below the provider’s limit'
          throw new RpcError(label, url, { details: `rate-limited by the node ${limited} times in a row (${why})${rate}`, retryable: true })
        }
        usage.retries++
        await sleep(Math.min(60_000, retryAfterMs ?? backoffDelay(limited, 500, 30_000)))
      }
      const tooLarge = (why: string): Promise<RpcAnswer[]> => {
        if (sent.calls.length === 1) throw new RpcError(label, url, { details: `the node refuses even a single call: ${why}`, retryable: false })
        maxBatchSize = Math.max(1, Math.floor(sent.calls.length / 2))
        return exchange(sent.calls)
      }
      const place = async (batchAnswers: RpcAnswer[]) => {
        pending.forEach((i, k) => (answers[i] = batchAnswers[k]))
        pending = []
      }

      if (!outcome) {
        await transient(lastFailure)
        continue
      }
      const { res, body } = outcome
      if (res.status === 429) {
        await rateLimited(res.retryAfterMs, 'HTTP 429')
        continue
      }
      if (res.status === 413) {
        await place(await tooLarge('HTTP 413 (payload too large)'))
        continue
      }
      if (res.status >= 500 || res.status === 408) {
        await transient(`HTTP ${res.status}${said(res.body)}`)
        continue
      }
      if (res.status < 200 || res.status >= 300) {
        const hint = res.status === 401 || res.status === 403 ? ' (is the key in the URL right?)' : ''
        throw new RpcError(label, url, { details: `HTTP ${res.status}${hint}${said(res.body)}`, retryable: false })
      }
      if (body === undefined) {
        await transient('the answer was not JSON (truncated?)')
        continue
      }
      const byId = new Map<number, { result?: unknown; error?: RpcNodeError }>()
      if (Array.isArray(body)) {
        for (const a of body as { id?: unknown }[]) if (a && typeof a.id === 'number') byId.set(a.id, a as { result?: unknown; error?: RpcNodeError })
      } else if (body && typeof body === 'object') {
        const a = body as { id?: unknown; result?: unknown; error?: RpcNodeError }
        // A single call's answer (some nodes answer an error with id null).
        if (sent.single && (a.id === first || a.id === null || a.id === undefined)) byId.set(first, a)
        else if (a.error) {
          // One error for the whole batch.
          if (isRateLimit(a.error)) {
            await rateLimited(undefined, `${a.error.code}: ${a.error.message}`)
            continue
          }
          if (!sent.single && (BATCH_TOO_LARGE.test(a.error.message) || a.error.code === -32600)) {
            await place(await tooLarge(`${a.error.code}: ${a.error.message}`))
            continue
          }
          throw new RpcError(label, url, { details: `the node answered ${a.error.code}: ${a.error.message}`, retryable: false })
        }
      }
      const left: number[] = []
      let limitedHere: RpcNodeError | undefined
      pending.forEach((i, k) => {
        const a = byId.get(first + k)
        if (!a) left.push(i)
        else if (a.error && isRateLimit(a.error)) {
          limitedHere = a.error
          left.push(i)
        } else answers[i] = a.error ? { error: a.error } : { result: a.result }
      })
      pending = left
      if (pending.length === 0) break
      if (limitedHere) await rateLimited(undefined, `${limitedHere.code}: ${limitedHere.message}`)
      else await transient(`no answer for ${pending.length} of ${sent.calls.length} calls (first: ${calls[pending[0]!]!.method})`)
    }
    return answers as RpcAnswer[]
  }

  async function exchange(requests: readonly RpcRequest[]): Promise<RpcAnswer[]> {
    if (requests.length <= maxBatchSize) return exchangeChunk(requests)
    const size = maxBatchSize
    const parts: Promise<RpcAnswer[]>[] = []
    for (let i = 0; i < requests.length; i += size) parts.push(exchangeChunk(requests.slice(i, i + size)))
    return (await Promise.all(parts)).flat()
  }

  return {
    url,
    usage,
    async request<T>(method: string, params: readonly unknown[] = []) {
      const [answer] = await exchangeChunk([{ method, params }])
      if (answer!.error) throw new RpcResponseError(method, url, answer!.error)
      return answer!.result as T
    },
    async batch<T extends unknown[]>(requests: readonly RpcRequest[]) {
      if (requests.length === 0) return [] as unknown as T
      const answers = await exchange(requests)
      return answers.map((a, i) => {
        if (a.error) throw new RpcResponseError(requests[i]!.method, url, a.error)
        return a.result
      }) as T
    },
    exchange: (requests) => (requests.length === 0 ? Promise.resolve([]) : exchange(requests)),
  }
}
