import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

export type PostResult = {
  status: number
  body: string
  /** The `Retry-After` header of a 429/503 answer, in ms, when the server sent one. */
  retryAfterMs?: number
}

/** A transport failure: no HTTP answer (refused, reset, timed out). Callers decide whether to retry. */
export class PostFailed extends Error {
  override name = 'PostFailed'
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message)
  }
}

// Keep-alive sockets: a replay sends thousands of small requests to the same node.
const httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 64 })
const httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 64 })

/**
 * POSTs a JSON body and resolves with the HTTP status and the body text: the one HTTP exchange under the
 * JSON-RPC transport (`createRpcClient`). Plain `node:http` on keep-alive sockets, on purpose: measured on this
 * project's replay, it costs 3–5× less CPU per request than `fetch` (no web streams, no AbortSignal per call),
 * which matters at thousands of JSON-RPC calls a second on a small machine. That is also why the engine does
 * not use viem's `http` transport, which is built on `fetch`. User info in `url` (`http://user:pw@host`) is
 * sent as basic authentication. Rejects with `PostFailed` when no answer arrives.
 */
export function postJson(url: URL, body: string, timeoutMs: number): Promise<PostResult> {
  const https = url.protocol === 'https:'
  return new Promise((resolve, reject) => {
    const req = (https ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        agent: https ? httpsAgent : httpAgent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const status = res.statusCode ?? 0
          const retryAfter = status === 429 || status === 503 ? retryAfterMs(res.headers['retry-after']) : undefined
          resolve({ status, body: Buffer.concat(chunks).toString('utf8'), ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}) })
        })
        res.on('error', (e: NodeJS.ErrnoException) => reject(new PostFailed(e.message, e.code)))
        res.on('aborted', () => reject(new PostFailed('the connection closed before the answer ended', 'ECONNRESET')))
      },
    )
    req.on('timeout', () => req.destroy(new PostFailed(`no answer within ${timeoutMs} ms`, 'ETIMEDOUT')))
    req.on('error', (e: NodeJS.ErrnoException) => reject(e instanceof PostFailed ? e : new PostFailed(e.message, e.code)))
    req.end(body)
  })
}

/** `Retry-After` as seconds or an HTTP date, in ms (undefined when absent or unreadable). */
function retryAfterMs(header: string | undefined): number | undefined {
  if (!header) return undefined
  const seconds = Number(header)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(header)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}
