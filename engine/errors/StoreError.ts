import { BaseError } from './BaseError.js'

/**
 * What went wrong in the DuckDB store, in the caller's terms:
 * - `locked`: another process (or another open store in this process) holds the database file. Retryable.
 * - `value-out-of-range`: a row value does not fit its column (a profit above HUGEINT, a negative UBIGINT).
 * - `invalid-row`: a row has a key that is not a column, or a value of the wrong JS type for its column.
 * - `constraint`: DuckDB refused the write (duplicate primary key, NOT NULL).
 * - `transaction-aborted`: an operation inside `transaction` failed and its error was swallowed; nothing was committed.
 * - `schema`: migrations could not be applied, or the file is from a newer or different schema.
 * - `closed`: the store was used after `close()`.
 * - `query`: any other DuckDB error (SQL syntax, unknown table, I/O).
 */
export type StoreErrorCode =
  | 'locked'
  | 'value-out-of-range'
  | 'invalid-row'
  | 'constraint'
  | 'transaction-aborted'
  | 'schema'
  | 'closed'
  | 'query'

/**
 * The DuckDB store failed. Names the database file and, for row errors, the table and column.
 * Never carries row values of VARCHAR columns other than the offending one, nor query parameters.
 *
 * @example
 * throw new StoreError('locked', 'Database file data/alphapulse.duckdb is held by another process (PID 4427)', { path })
 */
export class StoreError extends BaseError {
  override name = 'StoreError'
  readonly code: StoreErrorCode
  readonly path?: string
  readonly table?: string
  readonly column?: string
  /** PID of the process holding the file lock, when DuckDB reported it. */
  readonly holderPid?: number

  constructor(
    code: StoreErrorCode,
    shortMessage: string,
    options: {
      path?: string
      table?: string
      column?: string
      holderPid?: number
      details?: string
      cause?: unknown
      retryable?: boolean
    } = {},
  ) {
    super(shortMessage, { details: options.details, cause: options.cause, retryable: options.retryable ?? code === 'locked' })
    this.code = code
    this.path = options.path
    this.table = options.table
    this.column = options.column
    this.holderPid = options.holderPid
  }
}
