import { BaseError } from './BaseError.js'

/** An Anvil process failed to start, crashed, or stopped answering. Carries pid, port and the tail of its log. */
export class AnvilError extends BaseError {
  override name = 'AnvilError'
  readonly pid: number | undefined
  readonly port: number
  readonly logTail: string

  constructor(
    shortMessage: string,
    info: { pid: number | undefined; port: number; logTail: string; cause?: unknown; retryable?: boolean },
  ) {
    super(shortMessage, {
      details: `pid ${info.pid ?? 'unknown'}, port ${info.port}${info.logTail ? `\n--- anvil log (tail) ---\n${info.logTail}` : ''}`,
      cause: info.cause,
      retryable: info.retryable ?? false,
    })
    this.pid = info.pid
    this.port = info.port
    this.logTail = info.logTail
  }
}
