import { BaseError } from './BaseError.js'

/**
 * An input data file (CSV, Parquet recording) is malformed. Names the file, the 1-based line and the column
 * (by header name) where the problem is, so the user can open the file at that spot. Never retryable.
 *
 * @example
 * throw new DatasetError('reserve0 is not an integer', { file: 'reserves.csv', line: 12, column: 'reserve0', value: 'abc' })
 */
export class DatasetError extends BaseError {
  override name = 'DatasetError'
  readonly file: string
  readonly line?: number
  readonly column?: string

  constructor(problem: string, options: { file: string; line?: number; column?: string; value?: string; details?: string; cause?: unknown }) {
    const where = [options.file, options.line === undefined ? undefined : `line ${options.line}`, options.column === undefined ? undefined : `column ${options.column}`]
      .filter((x) => x !== undefined)
      .join(', ')
    const got = options.value === undefined ? '' : ` (got ${JSON.stringify(options.value.length > 60 ? `${options.value.slice(0, 57)}...` : options.value)})`
    super(`${where}: ${problem}${got}`, { details: options.details, cause: options.cause, retryable: false })
    this.file = options.file
    this.line = options.line
    this.column = options.column
  }
}
