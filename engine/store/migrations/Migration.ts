/**
 * One schema step. `version` orders the steps and is recorded in `schema_migrations` once applied;
 * `sql` may hold several statements and runs inside one transaction with that record.
 * A migration, once released, is never edited: change the schema with a new, higher version.
 */
export type Migration = {
  readonly version: number
  readonly name: string
  readonly sql: string
}
