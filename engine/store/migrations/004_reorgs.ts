import type { Migration } from './Migration.js'

/**
 * Reorgs in live and paper runs, kept beside the existing tables (no column of them changes). When the chain
 * drops a processed block, its `blocks` row is deleted (so the new block of that height can be recorded) and
 * remembered in `reorged_blocks` with its hash; its opportunities stay, listed in `reorged_opportunities`,
 * and gates and reports leave them out.
 */
export const migration004: Migration = {
  version: 4,
  name: 'reorgs',
  sql: `
CREATE TABLE reorged_blocks (
  run_id          VARCHAR   NOT NULL,
  block_number    UBIGINT   NOT NULL,
  block_hash      VARCHAR   NOT NULL,
  block_timestamp UBIGINT   NOT NULL,
  reorged_at      TIMESTAMP NOT NULL,
  PRIMARY KEY (run_id, block_hash)
);
CREATE TABLE reorged_opportunities (
  run_id         VARCHAR NOT NULL,
  opportunity_id VARCHAR NOT NULL,
  block_hash     VARCHAR NOT NULL,
  PRIMARY KEY (run_id, opportunity_id)
);
`,
}
