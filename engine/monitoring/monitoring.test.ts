import { afterAll, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { emptyRecords } from '../pipeline/blockRecords.js'
import { createAlerter } from './createAlerter.js'
import { createMetrics } from './createMetrics.js'
import { serveMetrics, type MetricsServer } from './serveMetrics.js'

let server: MetricsServer | undefined
let hook: Server | undefined
afterAll(async () => {
  await server?.close()
  await new Promise((r) => (hook ? hook.close(r) : r(undefined)))
})

describe('monitoring', () => {
  it('serves Prometheus metrics on 127.0.0.1 with P&L per token in decimal units', async () => {
    const metrics = createMetrics()
    const r = emptyRecords({ run_id: 'r', block_number: 1n, block_hash: '0x01', block_timestamp: 1n, base_fee: 1n, processed_at: new Date() })
    const opportunity = (opportunity_id: string, strategy: string, token_in: string, detect_latency_us: number) => ({
      run_id: 'r', opportunity_id, block_number: 1n, block_hash: '0x01', strategy, kind: strategy, route: '[]', token_in,
      amount_in: 1n, expected_profit: 1n, execution_mode: 'flash' as const, detected_at: new Date(), detect_latency_us,
    })
    const execution = (opportunity_id: string, success: boolean, latency_ms: number, net_profit: bigint) => ({
      run_id: 'r', opportunity_id, tx_hash: null, success, realized_profit: net_profit, gas_used: 1n, gas_cost: 0n, flash_fee: 0n,
      priority_fee: 0n, latency_ms, error: null, gas_cost_token: 0n, net_profit,
      builder_payment: 0n, inclusion_model: null, landed_block: null, position: null, txs_ahead: null, rival_tx: null, outcome: null, replay_failures: null, replay_error: null,
    })
    r.opportunities.push(opportunity('a', 'spatial', '0xAA', 800), opportunity('b', 'triangular', '0xbb', 1200))
    r.executions.push(execution('a', true, 40, 1_500_000_000_000_000_000n), execution('b', false, 60, -2_500_000n))
    metrics.observeBlock(r, new Map([['0xaa', { symbol: 'WETH', decimals: 18 }], ['0xbb', { symbol: 'USDC', decimals: 6 }]]))
    metrics.setBreaker(true)
    metrics.rpcError('eth_call')
    server = await serveMetrics(metrics, 0)
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
    const text = await (await fetch(server.url)).text()
    expect(text).toMatch(/arb_opportunities_total\{strategy="spatial"\} 1/)
    expect(text).toMatch(/arb_executions_total\{result="failure"\} 1/)
    expect(text).toMatch(/arb_execution_success_rate 0.5/)
    expect(text).toMatch(/arb_pnl\{token="WETH"\} 1.5/)
    expect(text).toMatch(/arb_pnl\{token="USDC"\} -2.5/)
    expect(text).toMatch(/arb_detection_latency_seconds_count 2/)
    expect(text).toMatch(/arb_execution_latency_seconds_bucket\{le="0.05"\} 1/)
    expect(text).toMatch(/arb_circuit_breaker_open 1/)
    expect(text).toMatch(/arb_rpc_errors_total\{method="eth_call"\} 1/)
    expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404)
  })

  it('POSTs alerts as JSON to the webhook and survives a dead one', async () => {
    const got: unknown[] = []
    hook = createServer((req, res) => {
      let body = ''
      req.on('data', (d) => (body += d))
      req.on('end', () => {
        got.push({ method: req.method, type: req.headers['content-type'], body: JSON.parse(body) })
        res.end('ok')
      })
    })
    await new Promise<void>((r) => hook!.listen(0, '127.0.0.1', r))
    const port = (hook.address() as AddressInfo).port
    await createAlerter({ url: `http://127.0.0.1:${port}/hook` }).send({ kind: 'kill-switch', runId: 'r1', message: 'kill switch: sending stopped', block: 12n })
    expect(got).toEqual([
      { method: 'POST', type: 'application/json', body: expect.objectContaining({ kind: 'kill-switch', runId: 'r1', block: '12', message: 'kill switch: sending stopped' }) },
    ])
    // Nothing listens on port 9 of loopback: logged, not thrown.
    await expect(createAlerter({ url: 'http://127.0.0.1:9/x', timeoutMs: 500 }).send({ kind: 'stopped', runId: 'r1', message: 'x' })).resolves.toBeUndefined()
  })
})
