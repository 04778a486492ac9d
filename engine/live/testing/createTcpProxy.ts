import { createServer, connect, type Server, type Socket } from 'node:net'

export type TcpProxy = {
  readonly port: number
  /** Drops every connection and stops listening (a node that went away). */
  stop(): Promise<void>
  /** Listens again on the same port. */
  start(): Promise<void>
}

/** A loopback TCP proxy in front of a node (HTTP and WebSocket alike) that a test can cut and restore. */
export async function createTcpProxy(targetPort: number, port = 0): Promise<TcpProxy> {
  const sockets = new Set<Socket>()
  let server: Server | undefined
  let bound = port
  const start = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1')
        for (const s of [client, upstream]) {
          sockets.add(s)
          s.on('close', () => sockets.delete(s))
          s.on('error', () => {
            client.destroy()
            upstream.destroy()
          })
        }
        client.pipe(upstream).pipe(client)
      })
      server.once('error', reject)
      server.listen(bound, '127.0.0.1', () => {
        bound = (server!.address() as { port: number }).port
        resolve()
      })
    })
  await start()
  return {
    get port() {
      return bound
    },
    async stop() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()))
      server = undefined
    },
    start,
  }
}
