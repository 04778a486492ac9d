import { DuckDBTimestampValue, type DuckDBConnection } from '@duckdb/node-api'
import { StoreError } from '../errors/StoreError.js'
import type { Migration } from './migrations/Migration.js'

/**
 * Brings the database schema up to date: creates `schema_migrations` if missing, then applies, in version
 * order, every migration not yet recorded there, each in its own transaction together with its record.
 * Applying twice is a no-op. Returns the versions applied by this call.
 *
 * Refuses (StoreError `schema`) a database that records a version this code does not know or under another
 * name (written by a newer or diverged AlphaPulse). With `readOnly`, nothing is written and a pending
 * migration is an error: the file must be opened read-write once first.
 */
export async function applyMigrations(
  connection: DuckDBConnection,
  options: { migrations: readonly Migration[]; path: string; readOnly?: boolean },
): Promise<number[]> {
  const { migrations, path, readOnly = false } = options
  checkOrder(migrations, path)

  if (!readOnly) {
    await connection.run(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)',
    )
  }
  const exists = await connection.runAndReadAll(
    "SELECT count(*) AS n FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'schema_migrations'",
  )
  const applied = new Map<number, string>()
  if (exists.getRowsJS()[0]?.[0] !== 0n) {
    const rows = (await connection.runAndReadAll('SELECT version, name FROM schema_migrations ORDER BY version')).getRowsJS()
    for (const [version, name] of rows) applied.set(Number(version), String(name))
  }

  const known = new Map(migrations.map((m) => [m.version, m.name]))
  for (const [version, name] of applied) {
    const expected = known.get(version)
    if (expected === undefined) {
      throw new StoreError('schema', `Database ${path} has schema version ${version} (${name}), which this code does not know`, {
        path,
        details: 'It was written by a newer AlphaPulse. Upgrade, or use another database file.',
      })
    }
    if (expected !== name) {
      throw new StoreError('schema', `Database ${path} has schema version ${version} named "${name}", expected "${expected}"`, { path })
    }
  }

  const pending = migrations.filter((m) => !applied.has(m.version))
  if (readOnly && pending.length > 0) {
    throw new StoreError('schema', `Database ${path} is missing schema version ${pending.map((m) => m.version).join(', ')}`, {
      path,
      details: 'Opened read-only, so migrations cannot run. Open it read-write once to migrate it.',
    })
  }

  const done: number[] = []
  for (const m of pending) {
    await connection.run('BEGIN TRANSACTION')
    try {
      await connection.run(m.sql)
      // TIMESTAMP columns hold UTC; bind the clock rather than rely on the session TimeZone.
      const now = new DuckDBTimestampValue(BigInt(Date.now()) * 1000n)
      await connection.run('INSERT INTO schema_migrations VALUES ($1, $2, $3)', [m.version, m.name, now])
      await connection.run('COMMIT')
    } catch (cause) {
      await connection.run('ROLLBACK').catch(() => undefined)
      throw new StoreError('schema', `Migration ${m.version} (${m.name}) failed on ${path}`, {
        path,
        details: cause instanceof Error ? cause.message.split('\n')[0] : String(cause),
        cause,
      })
    }
    done.push(m.version)
  }
  return done
}

function checkOrder(migrations: readonly Migration[], path: string): void {
  let previous = 0
  for (const m of migrations) {
    if (!Number.isInteger(m.version) || m.version <= previous || m.name.length === 0) {
      throw new StoreError('schema', `Migration list is out of order at version ${m.version} (${m.name || 'unnamed'})`, {
        path,
        details: 'Versions must be positive integers in strictly increasing order, each with a name.',
      })
    }
    previous = m.version
  }
}
