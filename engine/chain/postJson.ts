import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'

export type PostResult = { status: number; body: string }

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
 * POSTs a JSON body and resolves with the HTTP status and the body text. Plain `node:http` on keep-alive
 * sockets: per request it costs a fraction of `fetch`'s CPU (no web streams, no AbortSignal per call), which
 * matters at thousands of JSON-RPC calls a second. Rejects with `PostFailed` when no answer arrives.
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
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }))
        res.on('error', (e: NodeJS.ErrnoException) => reject(new PostFailed(e.message, e.code)))
        res.on('aborted', () => reject(new PostFailed('the connection closed before the answer ended', 'ECONNRESET')))
      },
    )
    req.on('timeout', () => req.destroy(new PostFailed(`no answer within ${timeoutMs} ms`, 'ETIMEDOUT')))
    req.on('error', (e: NodeJS.ErrnoException) => reject(e instanceof PostFailed ? e : new PostFailed(e.message, e.code)))
    req.end(body)
  })
}
