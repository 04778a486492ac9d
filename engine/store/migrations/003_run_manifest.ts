import type { Migration } from './Migration.js'

/**
 * `runs.manifest_json`: the manifest the run traded against (token symbols and decimals, pools, executor),
 * so reports can name tokens and a resumed run checks it meets the same contracts. Holds no secret.
 */
export const migration003: Migration = {
  version: 3,
  name: 'run_manifest',
  sql: `ALTER TABLE runs ADD COLUMN manifest_json VARCHAR;`,
}
