import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { BlockRecords } from '../pipeline/blockRecords.js'

export type Metrics = {
  readonly registry: Registry
  /** Counts a processed block's opportunities, executions, latencies and P&L (decimal units per token symbol). */
  observeBlock(records: BlockRecords, tokens: ReadonlyMap<string, { symbol: string; decimals: number }>): void
  rpcError(method: string): void
  setBreaker(open: boolean): void
  setKillSwitch(on: boolean): void
  reorg(depth: number): void
  /** The Prometheus text exposition. */
  text(): Promise<string>
}

/**
 * The engine's Prometheus metrics on their own registry (never the global one, so several engines in one
 * process do not collide): `arb_opportunities_total{strategy}`, `arb_executions_total{result}`,
 * `arb_execution_success_rate`, `arb_pnl{token}` (net, decimal units), `arb_detection_latency_seconds`,
 * `arb_execution_latency_seconds`, `arb_rpc_errors_total{method}`, `arb_circuit_breaker_open`,
 * `arb_kill_switch`, `arb_blocks_total`, `arb_reorgs_total`.
 */
export function createMetrics(): Metrics {
  const registry = new Registry()
  const opportunities = new Counter({ name: 'arb_opportunities_total', help: 'Opportunities detected', labelNames: ['strategy'], registers: [registry] })
  const executions = new Counter({ name: 'arb_executions_total', help: 'Transactions sent, by outcome', labelNames: ['result'], registers: [registry] })
  const successRate = new Gauge({ name: 'arb_execution_success_rate', help: 'Successful / sent executions since start', registers: [registry] })
  const pnl = new Gauge({ name: 'arb_pnl', help: 'Net P&L since start, decimal units of the token', labelNames: ['token'], registers: [registry] })
  const detect = new Histogram({
    name: 'arb_detection_latency_seconds',
    help: 'Block event to opportunity',
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25],
    registers: [registry],
  })
  const execLatency = new Histogram({
    name: 'arb_execution_latency_seconds',
    help: 'Opportunity to mined transaction',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 15],
    registers: [registry],
  })
  const rpcErrors = new Counter({ name: 'arb_rpc_errors_total', help: 'RPC failures (after retries), by method', labelNames: ['method'], registers: [registry] })
  const breaker = new Gauge({ name: 'arb_circuit_breaker_open', help: '1 while a circuit breaker blocks trading', registers: [registry] })
  const kill = new Gauge({ name: 'arb_kill_switch', help: '1 once the kill switch stopped sending', registers: [registry] })
  const blocks = new Counter({ name: 'arb_blocks_total', help: 'Blocks processed', registers: [registry] })
  const reorgs = new Counter({ name: 'arb_reorgs_total', help: 'Reorgs handled', registers: [registry] })
  breaker.set(0)
  kill.set(0)

  let sent = 0
  let ok = 0
  // Net P&L stays bigint per token until it becomes a gauge value.
  const net = new Map<string, bigint>()

  return {
    registry,
    observeBlock(records, tokens) {
      blocks.inc()
      const tokenOf = new Map<string, string>()
      for (const o of records.opportunities) {
        opportunities.inc({ strategy: String(o.strategy) })
        tokenOf.set(String(o.opportunity_id), String(o.token_in))
        if (typeof o.detect_latency_us === 'number') detect.observe(o.detect_latency_us / 1e6)
      }
      for (const e of records.executions) {
        sent++
        if (e.success) ok++
        executions.inc({ result: e.success ? 'success' : 'failure' })
        if (typeof e.latency_ms === 'number') execLatency.observe(e.latency_ms / 1000)
        const token = tokenOf.get(String(e.opportunity_id))
        if (token && typeof e.net_profit === 'bigint') {
          const total = (net.get(token) ?? 0n) + e.net_profit
          net.set(token, total)
          const t = tokens.get(token.toLowerCase())
          pnl.set({ token: t?.symbol ?? token }, Number(total) / 10 ** (t?.decimals ?? 18))
        }
      }
      if (sent > 0) successRate.set(ok / sent)
    },
    rpcError: (method) => rpcErrors.inc({ method }),
    setBreaker: (open) => breaker.set(open ? 1 : 0),
    setKillSwitch: (on) => kill.set(on ? 1 : 0),
    reorg: () => reorgs.inc(),
    text: () => registry.metrics(),
  }
}
