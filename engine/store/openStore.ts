import { AsyncLocalStorage } from 'node:async_hooks'
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api'
import { BaseError } from '../errors/BaseError.js'
import { StoreError } from '../errors/StoreError.js'
import { appendRows } from './appendRows.js'
import { applyMigrations } from './applyMigrations.js'
import { createMutex } from './createMutex.js'
import type { Migration } from './migrations/Migration.js'
import { migrations as allMigrations } from './migrations/migrations.js'
import { readTableColumns, type TableColumns } from './readTableColumns.js'
import { copyCheckpointed, requestSnapshot, startSnapshotPublisher } from './readerSnapshot.js'
import { toQueryParams } from './toQueryParams.js'
import { toStoreError } from './toStoreError.js'

/** Where the CLI keeps its database unless told otherwise (relative to the working directory). */
export const DEFAULT_DB_PATH = 'data/alphapulse.duckdb'

/** The tables `append` writes to. Their columns are documented in engine/store/SCHEMA.md. */
export type TableName = 'runs' | 'blocks' | 'opportunities' | 'simulations' | 'executions' | 'rejections' | 'gate_results' | 'submissions'

const TABLE_NAMES: ReadonlySet<string> = new Set<TableName>([
  'runs',
  'blocks',
  'opportunities',
  'simulations',
  'executions',
  'rejections',
  'gate_results',
  'submissions',
])

/** An open DuckDB database with the AlphaPulse schema. Operations run one at a time, in call order. */
export type Store = {
  /** The path the store was opened with (`:memory:` for an in-memory database). */
  path: string
  /**
   * Set when a read-only store could not open the file because another process (a run) holds it, and reads
   * a snapshot of what that process had committed instead (see readerSnapshot.ts).
   */
  snapshot?: { takenAt: Date; writerPid?: number }
  /**
   * Batched insert through the DuckDB appender (not one INSERT per row). Rows are plain objects keyed by
   * column; `bigint` for HUGEINT/UBIGINT, `Date` (UTC) for TIMESTAMP, `null` or a missing key for NULL.
   * All-or-nothing per call: a value out of its column's range, an unknown key or a duplicate primary key
   * throws a StoreError and writes no row of the call.
   */
  append(table: TableName, rows: readonly Record<string, unknown>[]): Promise<void>
  /**
   * Parameterized query (`$1`, `$2`, ...) returning rows as plain objects: `bigint` for BIGINT, UBIGINT and
   * HUGEINT, `number` for INTEGER and DOUBLE, `Date` for TIMESTAMP. Bigint and Date parameters are accepted.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>
  /** Runs a statement (or, without params, several separated by `;`) and discards any result. */
  run(sql: string, params?: unknown[]): Promise<void>
  /**
   * Runs `fn` inside BEGIN/COMMIT; ROLLBACK if it throws. `append`, `run` and `query` called from `fn` (or
   * anything it awaits) join the transaction; calls from elsewhere wait until it ends. A nested `transaction`
   * joins the outer one. If an operation inside fails and `fn` swallows the error, nothing is committed and
   * the call throws a StoreError `transaction-aborted`.
   *
   * @example
   * await store.transaction(async () => {
   *   await store.append('opportunities', opportunities)
   *   await store.append('blocks', [{ run_id, block_number, block_timestamp, base_fee, processed_at: new Date() }])
   *   await store.run('UPDATE runs SET next_block = $1 WHERE run_id = $2', [block_number + 1n, run_id])
   * })
   */
  transaction<T>(fn: () => Promise<T>): Promise<T>
  /** Waits for pending operations, then closes the database. Later calls throw StoreError `closed`. */
  close(): Promise<void>
}

export type OpenStoreOptions = {
  /** Database file, created with its parent directory if missing; or `:memory:`. */
  path: string
  /** Open without writing: no migrations run, and a file missing any migration is refused. */
  readOnly?: boolean
  /** Schema migrations to apply, in order. Defaults to AlphaPulse's own (engine/store/migrations/). */
  migrations?: readonly Migration[]
}

type Transaction = { aborted: boolean; firstError?: unknown }

/** Files open in this process: DuckDB's file lock is per process, so a second open here would not be refused. */
const openFiles = new Set<string>()

/**
 * Opens (creating if needed) the DuckDB database at `path` and applies any pending schema migrations.
 * A file held by another process raises StoreError `locked` naming the file and, when DuckDB reports it,
 * the other process's PID.
 *
 * @example
 * const store = await openStore({ path: DEFAULT_DB_PATH })
 * const rows = await store.query<{ status: string }>('SELECT status FROM runs WHERE run_id = $1', [runId])
 * await store.close()
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { path, readOnly = false, migrations = allMigrations } = options
  const fileKey = path === ':memory:' ? undefined : resolve(path)
  if (fileKey !== undefined) {
    if (openFiles.has(fileKey)) {
      throw new StoreError('locked', `Database file ${path} is already open in this process`, {
        path,
        holderPid: process.pid,
        details: 'Share the open Store instead of opening the file twice.',
      })
    }
    openFiles.add(fileKey)
  }

  let instance: DuckDBInstance | undefined
  let connection: DuckDBConnection | undefined
  let snapshot: Store['snapshot']
  try {
    if (fileKey !== undefined && !readOnly) await mkdir(dirname(fileKey), { recursive: true })
    try {
      ;({ instance, connection } = await connect(path, readOnly))
    } catch (error) {
      const e = toStoreError(error, { path, what: 'open' })
      if (!(fileKey !== undefined && e instanceof StoreError && e.code === 'locked')) throw e
      if (!readOnly) {
        // A reader holds the file for a moment (`arb runs`); a writer would hold it for the whole run.
        ;({ instance, connection } = await retryWhileLocked(() => connect(path, false), path))
      } else {
        // A run writes it: read what it has committed, from the snapshot it publishes on request.
        const taken = await requestSnapshot(fileKey)
        if (!taken) {
          const holder = e.holderPid === undefined ? 'another process' : `another process (PID ${e.holderPid})`
          throw new StoreError('locked', `Database file ${path} is in use by ${holder}, a run that did not answer a request for a snapshot of it`, {
            path,
            holderPid: e.holderPid,
            details: 'Readers see what a run has committed through a snapshot the run publishes between its writes; this one did not (a version without it, or a long write). Try again in a moment.',
          })
        }
        ;({ instance, connection } = await connect(taken.path, true).catch((cause: unknown) => {
          throw toStoreError(cause, { path, what: 'open the snapshot of' })
        }))
        snapshot = { takenAt: taken.takenAt, writerPid: e.holderPid }
      }
    }
    await applyMigrations(connection, { migrations, path, readOnly })
  } catch (error) {
    connection?.closeSync()
    instance?.closeSync()
    if (fileKey !== undefined) openFiles.delete(fileKey)
    throw error
  }
  const store = createStore({ path, instance, connection, fileKey, publishSnapshots: fileKey !== undefined && !readOnly })
  return snapshot ? { ...store, snapshot } : store
}

async function connect(path: string, readOnly: boolean): Promise<{ instance: DuckDBInstance; connection: DuckDBConnection }> {
  const instance = await DuckDBInstance.create(path, readOnly ? { access_mode: 'READ_ONLY' } : {})
  try {
    return { instance, connection: await instance.connect() }
  } catch (error) {
    instance.closeSync()
    throw error
  }
}

/** Opens for writing, retrying for up to 3 s while another process holds the file (a reader's short visit). */
async function retryWhileLocked<T>(open: () => Promise<T>, path: string): Promise<T> {
  const deadline = Date.now() + 3_000
  for (;;) {
    await new Promise((r) => setTimeout(r, 100))
    try {
      return await open()
    } catch (error) {
      const e = toStoreError(error, { path, what: 'open' })
      if (!(e instanceof StoreError && e.code === 'locked') || Date.now() > deadline) throw e
    }
  }
}

function createStore(options: { path: string; instance: DuckDBInstance; connection: DuckDBConnection; fileKey?: string; publishSnapshots: boolean }): Store {
  const { path, instance, connection, fileKey } = options
  // txLock orders top-level work (a whole transaction counts as one); opLock keeps the single connection
  // to one statement at a time, including concurrent calls made from inside a transaction.
  const txLock = createMutex()
  const opLock = createMutex()
  const context = new AsyncLocalStorage<Transaction>()
  const columns = new Map<string, TableColumns>()
  let current: Transaction | undefined
  let closed = false
  // Between two top-level operations (so never inside a transaction), a snapshot for readers in other processes.
  const stopPublishing =
    options.publishSnapshots && fileKey !== undefined
      ? startSnapshotPublisher(fileKey, (target) =>
          txLock.run(() =>
            opLock.run(async () => {
              if (closed) throw new StoreError('closed', `Store ${path} is closed`, { path })
              await copyCheckpointed(fileKey, target, () => connection.run('CHECKPOINT').then(() => undefined))
            }),
          ),
        )
      : undefined

  const joined = (): Transaction | undefined => {
    const tx = context.getStore()
    return tx !== undefined && tx === current ? tx : undefined
  }

  const guard = (): void => {
    if (closed) throw new StoreError('closed', `Store ${path} is closed`, { path })
  }

  /** Runs one connection operation, joining the caller's transaction if it is inside one. */
  function exec<T>(what: string, table: string | undefined, fn: () => Promise<T>): Promise<T> {
    const tx = joined()
    const step = () =>
      opLock.run(async () => {
        guard()
        try {
          return await fn()
        } catch (error) {
          // Our own validation errors fire before DuckDB is touched; any DuckDB error aborts its transaction.
          if (tx && !(error instanceof BaseError)) {
            tx.aborted = true
            tx.firstError ??= error
          }
          throw toStoreError(error, { path, what, table })
        }
      })
    return tx ? step() : txLock.run(step)
  }

  const describeSql = (sql: string): string => {
    const flat = sql.replace(/\s+/g, ' ').trim()
    return `query "${flat.length > 80 ? `${flat.slice(0, 77)}...` : flat}"`
  }

  const bind = (params: unknown[] | undefined) => (params && params.length > 0 ? toQueryParams(params, path) : undefined)

  return {
    path,

    append(table, rows) {
      if (!TABLE_NAMES.has(table)) {
        return Promise.reject(new StoreError('invalid-row', `Unknown table "${table}"`, { path, details: `Tables: ${[...TABLE_NAMES].join(', ')}` }))
      }
      const inTx = joined() !== undefined
      return exec(`append to ${table}`, table, async () => {
        if (rows.length === 0) return
        let tableColumns = columns.get(table)
        if (!tableColumns) {
          tableColumns = await readTableColumns(connection, { table, path })
          columns.set(table, tableColumns)
        }
        if (inTx) return appendRows(connection, { path, table, columns: tableColumns, rows })
        // The appender flushes in several batches on large calls; one transaction makes the call atomic.
        await connection.run('BEGIN TRANSACTION')
        try {
          await appendRows(connection, { path, table, columns: tableColumns, rows })
          await connection.run('COMMIT')
        } catch (error) {
          await connection.run('ROLLBACK').catch(() => undefined)
          throw error
        }
      })
    },

    query<T = Record<string, unknown>>(sql: string, params?: unknown[]) {
      return exec(describeSql(sql), undefined, async () => {
        const reader = await connection.runAndReadAll(sql, bind(params))
        return reader.getRowObjectsJS() as T[]
      })
    },

    run(sql, params) {
      return exec(describeSql(sql), undefined, async () => {
        await connection.run(sql, bind(params))
      })
    },

    transaction<T>(fn: () => Promise<T>): Promise<T> {
      if (joined()) return fn()
      return txLock.run(async () => {
        await opLock.run(async () => {
          guard()
          await connection.run('BEGIN TRANSACTION').catch((error) => {
            throw toStoreError(error, { path, what: 'begin transaction' })
          })
        })
        const tx: Transaction = { aborted: false }
        current = tx
        try {
          const result = await context.run(tx, fn)
          if (tx.aborted) {
            throw new StoreError('transaction-aborted', `Transaction on ${path} was rolled back: an operation inside it failed`, {
              path,
              details: tx.firstError instanceof Error ? tx.firstError.message.split('\n')[0] : String(tx.firstError),
              cause: tx.firstError,
            })
          }
          await opLock.run(() => connection.run('COMMIT')).catch((error) => {
            throw toStoreError(error, { path, what: 'commit' })
          })
          return result
        } catch (error) {
          // After a failed COMMIT DuckDB has already rolled back; the second ROLLBACK then has nothing to do.
          await opLock.run(() => connection.run('ROLLBACK')).catch(() => undefined)
          throw error
        } finally {
          current = undefined
        }
      })
    },

    async close() {
      if (joined()) throw new StoreError('closed', `Store ${path} cannot be closed from inside a transaction`, { path })
      await txLock.run(() =>
        opLock.run(async () => {
          if (closed) return
          closed = true
          stopPublishing?.()
          connection.closeSync()
          instance.closeSync()
          if (fileKey !== undefined) openFiles.delete(fileKey)
        }),
      )
    },
  }
}
