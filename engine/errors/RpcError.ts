import { BaseError } from './BaseError.js'
import { redactUrl } from './redactUrl.js'

/** A JSON-RPC call failed. Names the method and the URL with any key redacted. */
export class RpcError extends BaseError {
  override name = 'RpcError'
  readonly method: string
  readonly url: string

  constructor(method: string, url: string, options: { details?: string; cause?: unknown; retryable?: boolean } = {}) {
    const safe = redactUrl(url)
    super(`RPC ${method} to ${safe} failed`, { retryable: true, ...options })
    this.method = method
    this.url = safe
  }
}
