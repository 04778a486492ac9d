import { createHash } from 'node:crypto'
import type { Config } from './configSchema.js'

/**
 * The identity of a strategy config: sha256 of the canonical JSON of what decides trades (strategies,
 * execution, risk), not of where the blocks come from or the RPC URL. Gates are stored under this hash, so
 * live mode can require a passing backtest of the very same config.
 */
export function configHash(config: Config): string {
  const relevant = { strategies: config.strategies, execution: config.execution, risk: config.risk }
  return createHash('sha256').update(canonicalJson(relevant)).digest('hex').slice(0, 16)
}

/** JSON with sorted keys and bigints as decimal strings, so equal configs hash equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v) => {
    if (typeof v === 'bigint') return v.toString()
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
    }
    return v
  })
}
