import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { ConfigError } from '../errors/ConfigError.js'
import type { Metrics } from './createMetrics.js'

export type MetricsServer = { readonly url: string; readonly port: number; close(): Promise<void> }

/**
 * Serves `GET /metrics` (Prometheus text format) on 127.0.0.1:`port` (0: a free port). Only loopback: put a
 * scraper or a reverse proxy next to it rather than exposing the engine.
 */
export async function serveMetrics(metrics: Metrics, port: number): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end('not found\n')
      return
    }
    metrics.text().then(
      (body) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(body),
      (e: unknown) => res.writeHead(500).end(String(e)),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new ConfigError('--metrics-port', 'a free port', port, { cause: e }) : e),
    )
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const actual = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${actual}/metrics`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
