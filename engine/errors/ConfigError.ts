import { BaseError } from './BaseError.js'

/** A user's input (config file, CLI argument) is wrong. Names the field and the expected form. Never retryable. */
export class ConfigError extends BaseError {
  override name = 'ConfigError'
  readonly field: string
  readonly expected: string

  constructor(field: string, expected: string, received?: unknown, options: { details?: string; cause?: unknown } = {}) {
    const got = received === undefined ? '' : ` (got ${describe(received)})`
    super(`Invalid ${field}: expected ${expected}${got}`, { ...options, retryable: false })
    this.field = field
    this.expected = expected
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)
  if (typeof value === 'bigint') return value.toString().length > 80 ? `${value.toString().slice(0, 20)}... (${value.toString().length} digits)` : `${value}n`
  try {
    const s = JSON.stringify(value)
    return s === undefined ? String(value) : s.length > 80 ? `${s.slice(0, 77)}...` : s
  } catch {
    return String(value)
  }
}
