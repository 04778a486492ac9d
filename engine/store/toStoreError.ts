import { BaseError } from '../errors/BaseError.js'
import { StoreError } from '../errors/StoreError.js'

/**
 * Wraps an error thrown by DuckDB into a StoreError naming the database file. A lock conflict names the
 * process holding the file when DuckDB reports its PID; a constraint violation keeps DuckDB's key text.
 * Errors that already are AlphaPulse errors pass through unchanged.
 *
 * `what` says what was being done, e.g. `append to opportunities` or `query`.
 */
export function toStoreError(error: unknown, options: { path: string; what: string; table?: string }): BaseError {
  if (error instanceof BaseError) return error
  const message = error instanceof Error ? error.message : String(error)
  const { path, what, table } = options

  if (/Could not set lock on file/i.test(message)) {
    const pid = /\(PID (\d+)\)/.exec(message)?.[1]
    const holderPid = pid === undefined ? undefined : Number(pid)
    const holder = holderPid === undefined ? 'another process' : `another process (PID ${holderPid})`
    return new StoreError('locked', `Database file ${path} is locked: ${holder} holds it open`, {
      path,
      holderPid,
      details: 'DuckDB lets one process at a time open a database file for writing. Stop the other process or use a different --db path.',
      cause: error,
    })
  }

  if (/constraint|Duplicate key/i.test(message)) {
    return new StoreError('constraint', `${capitalize(what)} in ${path} violates a constraint`, {
      path,
      table,
      details: firstLine(message),
      cause: error,
    })
  }

  return new StoreError('query', `${capitalize(what)} in ${path} failed`, {
    path,
    table,
    details: firstLine(message),
    cause: error,
  })
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
