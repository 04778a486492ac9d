import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { postJson } from '../postJson.js'

export type RpcProxy = {
  url: string
  /** Calls forwarded so far, by method (batch members counted one by one). */
  readonly counts: Map<string, number>
  /** HTTP requests received so far (a batch is one). */
  readonly requests: () => number
  /** Every call so far, in order, when started with `log: true`. */
  readonly calls: { method: string; params: unknown[] }[]
  close(): Promise<void>
}

type Call = { id?: unknown; method?: string; params?: unknown[] }

/**
 * A JSON-RPC proxy on 127.0.0.1 in front of a real node that counts calls by method and answers the methods
 * `refuse` names with JSON-RPC error -32601 "Method not found", as a hosted endpoint without debug methods
 * does. Everything else (single calls and batches) goes to `target` unchanged. `latencyMs` holds every HTTP
 * request that long before forwarding it: a remote archive tens of milliseconds away (`bench/remoteArchive.ts`).
 */
export async function startRpcProxy(target: string, options: { refuse?: (method: string) => boolean; log?: boolean; latencyMs?: number } = {}): Promise<RpcProxy> {
  const counts = new Map<string, number>()
  const log: { method: string; params: unknown[] }[] = []
  const refused = (c: Call) => options.refuse?.(c.method ?? '') ?? false
  const notFound = (c: Call) => ({ jsonrpc: '2.0', id: c.id ?? null, error: { code: -32601, message: `Method not found: ${c.method}` } })
  const targetUrl = new URL(target)
  const forward = async (payload: unknown): Promise<unknown> => JSON.parse((await postJson(targetUrl, JSON.stringify(payload), 300_000)).body)
  let requests = 0

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    requests++
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs))
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Call | Call[]
    const calls = Array.isArray(body) ? body : [body]
    for (const c of calls) {
      counts.set(c.method ?? '', (counts.get(c.method ?? '') ?? 0) + 1)
      if (options.log) log.push({ method: c.method ?? '', params: c.params ?? [] })
    }
    let answer: unknown
    if (!Array.isArray(body)) {
      answer = refused(body) ? notFound(body) : await forward(body)
    } else {
      const passed = body.filter((c) => !refused(c))
      const answers = passed.length > 0 ? ((await forward(passed)) as { id?: unknown }[]) : []
      const byId = new Map(answers.map((a) => [JSON.stringify(a.id), a]))
      answer = body.map((c) => (refused(c) ? notFound(c) : byId.get(JSON.stringify(c.id))))
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(answer))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    requests: () => requests,
    calls: log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
