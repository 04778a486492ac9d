import type { Migration } from './Migration.js'

/**
 * Reorgs in live and paper runs. `blocks.block_hash` records which block was processed; when the chain
 * drops it, its `blocks` row moves to `reorged_blocks` (so the new block of that height can be recorded)
 * and its opportunities are kept with `opportunities.reorged = true`; gates and reports skip them.
 */
export const migration004: Migration = {
  version: 4,
  name: 'reorgs',
  sql: `
ALTER TABLE blocks ADD COLUMN block_hash VARCHAR;
ALTER TABLE opportunities ADD COLUMN block_hash VARCHAR;
ALTER TABLE opportunities ADD COLUMN reorged BOOLEAN DEFAULT false;
CREATE TABLE reorged_blocks (
  run_id          VARCHAR   NOT NULL,
  block_number    UBIGINT   NOT NULL,
  block_hash      VARCHAR   NOT NULL,
  block_timestamp UBIGINT   NOT NULL,
  base_fee        HUGEINT,
  processed_at    TIMESTAMP NOT NULL,
  reorged_at      TIMESTAMP NOT NULL,
  PRIMARY KEY (run_id, block_hash)
);
`,
}
