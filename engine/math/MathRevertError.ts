import { BaseError } from '../errors/BaseError.js'

/**
 * A ported contract function hit a `require` that would revert on chain (e.g. TickMath's 'T', a mulDiv
 * overflow). `reason` is the revert string or the name of the failed check. Never retryable.
 */
export class MathRevertError extends BaseError {
  override name = 'MathRevertError'
  readonly reason: string

  constructor(fn: string, reason: string, details?: string) {
    super(`${fn} reverts: ${reason}`, { details, retryable: false })
    this.reason = reason
  }
}
