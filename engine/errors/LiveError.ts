import { BaseError } from './BaseError.js'

/**
 * Live or paper trading could not start or continue: a missing key, a keystore that does not decrypt, a
 * node that never answered, a reorg deeper than the window. `reason` is a stable code for tests and alerts;
 * the message never holds a private key, a password or an RPC URL with its key (callers pass redactUrl).
 */
export type LiveErrorReason = 'no-key' | 'keystore' | 'not-owner' | 'not-executor' | 'no-eth' | 'rpc-unreachable' | 'reorg-too-deep' | 'nonce' | 'gas-price'

export class LiveError extends BaseError {
  override name = 'LiveError'
  readonly reason: LiveErrorReason

  constructor(reason: LiveErrorReason, shortMessage: string, options: { details?: string; cause?: unknown; retryable?: boolean } = {}) {
    super(shortMessage, options)
    this.reason = reason
  }
}
