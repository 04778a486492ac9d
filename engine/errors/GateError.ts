import { BaseError } from './BaseError.js'

/** One gate that did not pass, as the error lists it. */
export type FailedGate = { gate: string; value: number | null; threshold: number; comparison: string }

/**
 * Promotion gates refused a run, or live mode found no passing evaluation for its config. Lists every
 * failing gate (name, measured value, threshold) or says that none was evaluated. Never retryable: the
 * fix is a better backtest or different thresholds, not a second try.
 *
 * @example
 * throw new GateError('Gates failed for run r1 (config 3f2a…)', failing)
 */
export class GateError extends BaseError {
  override name = 'GateError'
  readonly failed: readonly FailedGate[]

  constructor(shortMessage: string, failed: readonly FailedGate[] = [], options: { details?: string } = {}) {
    const list = failed.map((f) => `${f.gate}: ${f.value === null ? 'no data' : round(f.value)} (needs ${f.comparison ? `${f.comparison} ` : 'threshold '}${round(f.threshold)})`)
    super(list.length > 0 ? `${shortMessage}: ${list.join('; ')}` : shortMessage, { details: options.details, retryable: false })
    this.failed = failed
  }
}

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toPrecision(4)
}
