import type { Logger } from 'pino'
import { redactUrl } from '../errors/redactUrl.js'

/** What an alert says: why trading stopped or changed, with the run it concerns. */
export type Alert = {
  kind: 'circuit-breaker' | 'daily-loss-limit' | 'kill-switch' | 'rpc-down' | 'rpc-restored' | 'stopped'
  runId: string
  message: string
  block?: bigint
  details?: Record<string, unknown>
}

export type Alerter = {
  /** POSTs the alert as JSON; a failing webhook is logged, never thrown (alerts must not stop the engine). */
  send(alert: Alert): Promise<void>
}

/**
 * Alerts to a webhook (Slack, PagerDuty, a relay…): one JSON POST per alert with `{ kind, runId, message,
 * block, details, at }`. Without a URL, alerts only go to the log. The URL is logged redacted.
 */
export function createAlerter(options: { url?: string; logger?: Logger; timeoutMs?: number }): Alerter {
  const { url, logger } = options
  return {
    async send(alert) {
      const body = JSON.stringify({ ...alert, at: new Date().toISOString() }, (_, v) => (typeof v === 'bigint' ? v.toString() : v))
      logger?.warn({ alert: JSON.parse(body) }, 'alert')
      if (!url) return
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(options.timeoutMs ?? 5_000) })
        if (!res.ok) logger?.error({ webhook: redactUrl(url), status: res.status }, 'alert webhook refused')
      } catch (e) {
        logger?.error({ webhook: redactUrl(url), error: (e as Error).message }, 'alert webhook failed')
      }
    },
  }
}
