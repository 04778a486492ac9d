import { BaseError } from './BaseError.js'

/**
 * Generating or replaying a market scenario failed in a way that is not a bad argument: a regenerated
 * history does not match its saved record, a planned transaction was left unmined, or the node misbehaved.
 * Names the step (`deploy`, `setup`, `block 312`, `verify-record`).
 *
 * @example
 * throw new ScenarioError('Regenerated head hash differs from the record', { step: 'verify-record', details: '…' })
 */
export class ScenarioError extends BaseError {
  override name = 'ScenarioError'
  readonly step: string

  constructor(shortMessage: string, options: { step: string; details?: string; cause?: unknown }) {
    super(shortMessage, { details: options.details, cause: options.cause, retryable: false })
    this.step = options.step
  }
}
