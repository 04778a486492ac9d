import type { Migration } from './Migration.js'

/**
 * Bundle submissions (`execution.submit: 'bundle'`): one row per opportunity, builder and target block it was
 * sent for. `bundle_hash` is computed locally (keccak256 of the transaction hashes), so it is there even when
 * the builder refused the bundle (`error`). `landed` is NULL until the target block is mined, then true when
 * the bundle's transactions are in that block (attributed to the builder whose fee recipient built it, when
 * known); `landed_block`/`landed_index` say where its first transaction is on chain, if anywhere.
 */
export const migration009: Migration = {
  version: 9,
  name: 'submissions',
  sql: `
CREATE TABLE submissions (
  run_id         VARCHAR   NOT NULL,
  opportunity_id VARCHAR   NOT NULL,
  builder        VARCHAR   NOT NULL,
  target_block   UBIGINT   NOT NULL,
  bundle_hash    VARCHAR   NOT NULL,
  submitted_at   TIMESTAMP NOT NULL,
  landed         BOOLEAN,
  landed_block   UBIGINT,
  landed_index   INTEGER,
  error          VARCHAR,
  PRIMARY KEY (run_id, opportunity_id, builder, target_block)
);`,
}
