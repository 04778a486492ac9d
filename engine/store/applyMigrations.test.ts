import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { StoreError } from '../errors/StoreError.js'
import type { Migration } from './migrations/Migration.js'
import { migrations } from './migrations/migrations.js'
import { openStore, type Store } from './openStore.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alphapulse-migrations-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const SCHEMA_SQL = `
  SELECT table_name, column_name, data_type, is_nullable
  FROM duckdb_columns() WHERE schema_name = 'main'
  ORDER BY table_name, column_index`

async function snapshot(store: Store) {
  return {
    versions: await store.query('SELECT version, name FROM schema_migrations ORDER BY version'),
    columns: await store.query(SCHEMA_SQL),
    constraints: await store.query(
      "SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints() WHERE schema_name = 'main' ORDER BY ALL",
    ),
  }
}

/** The version a test migration gets: one past the real list. */
const NEXT = migrations[migrations.length - 1]!.version + 1

describe('applyMigrations (through openStore)', () => {
  it('applies every migration once; reopening is a no-op with the same schema', async () => {
    const path = join(dir, 'twice.duckdb')
    const first = await openStore({ path })
    const before = await snapshot(first)
    const [appliedAt] = await first.query<{ applied_at: Date }>('SELECT applied_at FROM schema_migrations WHERE version = 1')
    await first.close()

    const second = await openStore({ path })
    const after = await snapshot(second)
    const [appliedAgain] = await second.query<{ applied_at: Date }>('SELECT applied_at FROM schema_migrations WHERE version = 1')
    await second.close()

    expect(before.versions).toEqual(migrations.map((m) => ({ version: m.version, name: m.name })))
    expect(after).toEqual(before)
    expect(appliedAgain!.applied_at).toEqual(appliedAt!.applied_at)
    const tables = new Set(before.columns.map((c) => c.table_name))
    for (const t of ['runs', 'blocks', 'opportunities', 'simulations', 'executions', 'rejections', 'gate_results', 'schema_migrations']) {
      expect(tables.has(t), t).toBe(true)
    }
    // Money columns are HUGEINT, never DOUBLE.
    const hugeint = before.columns.filter((c) => c.data_type === 'HUGEINT').map((c) => `${c.table_name}.${c.column_name}`)
    expect(hugeint.sort()).toEqual(
      [
        'blocks.base_fee',
        'executions.builder_payment',
        'executions.flash_fee',
        'executions.gas_cost',
        'executions.gas_cost_token',
        'executions.net_profit',
        'executions.priority_fee',
        'executions.realized_profit',
        'opportunities.amount_in',
        'opportunities.expected_profit',
        'simulations.net_profit',
        'simulations.simulated_payment',
        'simulations.simulated_profit',
      ].sort(),
    )
  })

  it('applies only the new migration to an existing database', async () => {
    const path = join(dir, 'upgrade.duckdb')
    const v1 = await openStore({ path })
    await v1.append('runs', [
      {
        run_id: 'r1', started_at: new Date(0), mode: 'backtest', strategies: '["spatial"]', config_json: '{}', config_hash: 'h',
        source: 'historical', chain_id: 1n, from_block: 10n, next_block: 10n, status: 'running',
      },
    ])
    await v1.close()

    const next: Migration = { version: NEXT, name: 'runs_note', sql: 'ALTER TABLE runs ADD COLUMN note VARCHAR; UPDATE runs SET note = \'migrated\';' }
    const v2 = await openStore({ path, migrations: [...migrations, next] })
    expect(await v2.query('SELECT run_id, note FROM runs')).toEqual([{ run_id: 'r1', note: 'migrated' }])
    expect((await v2.query('SELECT version FROM schema_migrations ORDER BY version')).map((r) => r.version)).toEqual([...migrations.map((m) => m.version), NEXT])
    await v2.close()

    // Opening again with the same list applies nothing: the UPDATE would otherwise overwrite this note.
    const again = await openStore({ path, migrations: [...migrations, next] })
    await again.run("UPDATE runs SET note = 'kept'")
    await again.close()
    const last = await openStore({ path, migrations: [...migrations, next] })
    expect(await last.query('SELECT note FROM runs')).toEqual([{ note: 'kept' }])

    // Older code that does not know version 2 refuses the file rather than writing to an unknown schema.
    await last.close()
    await expect(openStore({ path })).rejects.toMatchObject({ code: 'schema' })
  })

  it('rolls back a failing migration entirely, recording nothing', async () => {
    const path = join(dir, 'broken.duckdb')
    const broken: Migration = { version: NEXT, name: 'broken', sql: 'CREATE TABLE half_done (x INTEGER); SELECT * FROM no_such_table;' }
    const error = await openStore({ path, migrations: [...migrations, broken] }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(StoreError)
    expect((error as StoreError).shortMessage).toContain(`Migration ${NEXT} (broken) failed`)

    const store = await openStore({ path })
    expect(await store.query("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'half_done'")).toEqual([{ n: 0n }])
    expect((await store.query('SELECT version FROM schema_migrations')).map((r) => r.version)).toEqual(migrations.map((m) => m.version))
    await store.close()
  })

  it('refuses a list out of order, and read-only opening of an unmigrated file', async () => {
    const swapped: Migration[] = [
      { version: 2, name: 'b', sql: 'SELECT 1' },
      { version: 1, name: 'a', sql: 'SELECT 1' },
    ]
    await expect(openStore({ path: ':memory:', migrations: swapped })).rejects.toMatchObject({ code: 'schema' })

    const path = join(dir, 'ro.duckdb')
    const bare = await openStore({ path, migrations: [] })
    await bare.close()
    await expect(openStore({ path, readOnly: true })).rejects.toMatchObject({ code: 'schema' })
  })
})
