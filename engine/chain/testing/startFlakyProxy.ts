import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'

export type FlakyProxy = {
  url: string
  /** Requests dropped (connection closed without an answer) and delayed so far. */
  stats: { forwarded: number; dropped: number; delayed: number; refusedBatches: number }
  close(): Promise<void>
}

/**
 * A JSON-RPC proxy on 127.0.0.1 in front of `target` that drops and delays requests, to test that the engine
 * gives identical results over a bad connection. Seeded (xorshift) so a failure reproduces; at most
 * `maxDrops` drops in all and never two in a row, so every request eventually gets through.
 */
export async function startFlakyProxy(
  target: string,
  options: {
    seed?: number
    dropRate?: number
    delayRate?: number
    maxDelayMs?: number
    maxDrops?: number
    dropAs?: 'reset' | 'http-429' | 'http-503'
    /** Refuse batches of more calls, as providers do: with HTTP 413, or a JSON-RPC error for the whole batch. */
    maxBatch?: { calls: number; as: 'http-413' | 'rpc-error' }
  } = {},
): Promise<FlakyProxy> {
  let s = (options.seed ?? 1) >>> 0 || 1
  const random = () => {
    s ^= s << 13
    s >>>= 0
    s ^= s >>> 17
    s ^= s << 5
    s >>>= 0
    return s / 2 ** 32
  }
  const dropRate = options.dropRate ?? 0.05
  const delayRate = options.delayRate ?? 0.1
  const maxDelayMs = options.maxDelayMs ?? 150
  const maxDrops = options.maxDrops ?? 200
  const stats = { forwarded: 0, dropped: 0, delayed: 0, refusedBatches: 0 }
  let lastDropped = false

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const limit = options.maxBatch
    if (limit) {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
      if (Array.isArray(body) && body.length > limit.calls) {
        stats.refusedBatches++
        if (limit.as === 'http-413') res.writeHead(413).end('request entity too large')
        else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32600, message: `batch size limit exceeded (max ${limit.calls})` } }))
        return
      }
    }
    if (!lastDropped && stats.dropped < maxDrops && random() < dropRate) {
      stats.dropped++
      lastDropped = true
      if (options.dropAs === 'http-429') res.writeHead(429, { 'retry-after': '0' }).end('rate limited')
      else if (options.dropAs === 'http-503') res.writeHead(503).end('unavailable')
      else req.socket.destroy()
      return
    }
    lastDropped = false
    if (random() < delayRate) {
      stats.delayed++
      await new Promise((r) => setTimeout(r, Math.floor(random() * maxDelayMs)))
    }
    try {
      const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: Buffer.concat(chunks) })
      const body = Buffer.from(await upstream.arrayBuffer())
      stats.forwarded++
      res.writeHead(upstream.status, { 'content-type': 'application/json', 'content-length': body.length })
      res.end(body)
    } catch {
      res.writeHead(502).end()
    }
  })
  server.keepAliveTimeout = 1_000
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  const port = (server.address() as { port: number }).port
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
