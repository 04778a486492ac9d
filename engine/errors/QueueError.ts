import { BaseError } from './BaseError.js'
import { redactUrl } from './redactUrl.js'

/** The job queue (Redis, BullMQ) could not be reached or refused an operation. Names the redacted Redis URL. */
export class QueueError extends BaseError {
  override name = 'QueueError'
  readonly url: string

  constructor(what: string, url: string, options: { details?: string; cause?: unknown; retryable?: boolean } = {}) {
    const safe = redactUrl(url)
    super(`${what} (queue ${safe})`, { retryable: true, ...options })
    this.url = safe
  }
}
