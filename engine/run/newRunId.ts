import { randomBytes } from 'node:crypto'
import type { RunMode } from './RunMode.js'

/** A new run id: `r<UTC time>-<random>` for backtests, `<mode>-<UTC time>-<random>` for paper and live runs. */
export function newRunId(mode: RunMode, now = new Date()): string {
  const d = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)
  return `${mode === 'backtest' ? 'r' : `${mode}-`}${d}-${randomBytes(3).toString('hex')}`
}
