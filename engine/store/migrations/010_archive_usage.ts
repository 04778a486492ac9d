import type { Migration } from './Migration.js'

/**
 * What a run cost its archive node (`runs.archive_*`, `runs.cache_hits`): HTTP requests and JSON-RPC calls sent
 * upstream, bytes both ways, and calls the local cache answered instead. NULL for runs that read no archive
 * (generated scenarios, datasets). Summed over a run's sessions when it is resumed.
 */
export const migration010: Migration = {
  version: 10,
  name: 'archive_usage',
  sql: `
ALTER TABLE runs ADD COLUMN archive_requests BIGINT;
ALTER TABLE runs ADD COLUMN archive_calls BIGINT;
ALTER TABLE runs ADD COLUMN archive_bytes BIGINT;
ALTER TABLE runs ADD COLUMN cache_hits BIGINT;`,
}
