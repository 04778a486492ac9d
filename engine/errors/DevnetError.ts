import { BaseError } from './BaseError.js'

/**
 * The local devnet could not be deployed: the node is not Anvil, an artifact is missing, or a deployment
 * transaction reverted. Names the step (`step`) and, when known, the RPC URL (redacted by the caller).
 *
 * @example
 * throw new DevnetError('http://127.0.0.1:8545 is not an Anvil node (web3_clientVersion: Geth/v1.13.0)', { step: 'check-node' })
 */
export class DevnetError extends BaseError {
  override name = 'DevnetError'
  readonly step: string

  constructor(shortMessage: string, options: { step: string; details?: string; cause?: unknown; retryable?: boolean }) {
    super(shortMessage, { details: options.details, cause: options.cause, retryable: options.retryable ?? false })
    this.step = options.step
  }
}
