import { BaseError } from './BaseError.js'
import { redactUrl } from './redactUrl.js'

export type RpcErrorOptions = {
  details?: string
  cause?: unknown
  /** True for a transient failure (dropped connection, timeout, HTTP 5xx, rate limit). Default true. */
  retryable?: boolean
  /** The message, when the default `RPC <method> to <url> failed` does not fit (an error the node answered). */
  shortMessage?: string
}

/**
 * A JSON-RPC call failed: the one error type of the transport (`engine/chain/createRpcClient.ts`). Names the
 * method and the URL with any key redacted; `retryable` says whether the same call may succeed later.
 */
export class RpcError extends BaseError {
  override name = 'RpcError'
  readonly method: string
  readonly url: string

  constructor(method: string, url: string, options: RpcErrorOptions = {}) {
    const safe = redactUrl(url)
    const { shortMessage, ...rest } = options
    super(shortMessage ?? `RPC ${method} to ${safe} failed`, { retryable: true, ...rest })
    this.method = method
    this.url = safe
  }
}
