/**
 * The one error type of AlphaPulse: a short message for the user, optional details, and the cause chain
 * (after viem's BaseError). Subclasses say what went wrong in the user's terms and whether a retry helps.
 *
 * @example
 * throw new ConfigError('strategies[0].kind', 'one of spatial, triangular, multi-hop, two-step', 'zigzag')
 */
export type BaseErrorOptions = {
  details?: string
  cause?: unknown
  /** True when the same call may succeed later (a dropped connection), false for a user's mistake. */
  retryable?: boolean
}

export class BaseError extends Error {
  override name = 'BaseError'
  readonly shortMessage: string
  readonly details?: string
  readonly retryable: boolean

  constructor(shortMessage: string, options: BaseErrorOptions = {}) {
    const lines = [shortMessage]
    if (options.details) lines.push('', `Details: ${options.details}`)
    super(lines.join('\n'), options.cause === undefined ? undefined : { cause: options.cause })
    this.shortMessage = shortMessage
    this.details = options.details
    this.retryable = options.retryable ?? false
  }

  /** Walks the cause chain and returns the first error matching `predicate`, if any. */
  walk(predicate: (e: unknown) => boolean): unknown {
    let e: unknown = this
    while (e) {
      if (predicate(e)) return e
      e = e instanceof Error ? e.cause : undefined
    }
    return undefined
  }
}
