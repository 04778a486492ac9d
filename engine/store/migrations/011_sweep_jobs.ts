import type { Migration } from './Migration.js'

/**
 * Sweeps on BullMQ workers (`arb sweep --queue`): one row per job (grid point × block-range shard) that the
 * collector has seen, with the run id inside the job's result file, so collecting again skips what it already
 * merged and a replaced result file (a retried job) replaces its rows.
 */
export const migration011: Migration = {
  version: 11,
  name: 'sweep_jobs',
  sql: `
CREATE TABLE sweep_jobs (
  sweep_id VARCHAR NOT NULL,
  point INTEGER NOT NULL,
  shard INTEGER NOT NULL,
  from_block UBIGINT,
  to_block UBIGINT,
  status VARCHAR NOT NULL CHECK (status IN ('pending', 'completed', 'failed')),
  job_run_id VARCHAR,
  blocks INTEGER,
  started_at TIMESTAMP,
  finished_at TIMESTAMP,
  error VARCHAR,
  collected_at TIMESTAMP NOT NULL,
  PRIMARY KEY (sweep_id, point, shard)
);`,
}
