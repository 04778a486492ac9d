import { BaseError } from './BaseError.js'

/**
 * A request to the local block builder was refused, or a block could not be built. `rpcCode` is the JSON-RPC
 * error code the builder answers with (-32602 invalid params, -32600 invalid request, -32000 server error),
 * `field` the parameter at fault when there is one (`params[0].blockNumber`). Never holds a key.
 */
export class BuilderError extends BaseError {
  override name = 'BuilderError'
  readonly rpcCode: number
  readonly field?: string

  constructor(shortMessage: string, options: { rpcCode?: number; field?: string; details?: string; cause?: unknown; retryable?: boolean } = {}) {
    super(shortMessage, options)
    this.rpcCode = options.rpcCode ?? -32000
    this.field = options.field
  }
}

/** A bad parameter: names it and the expected form, JSON-RPC code -32602. */
export function invalidParam(field: string, expected: string, received?: unknown): BuilderError {
  const got = received === undefined ? '' : ` (got ${JSON.stringify(received)?.slice(0, 80) ?? String(received)})`
  return new BuilderError(`Invalid ${field}: expected ${expected}${got}`, { rpcCode: -32602, field })
}
