import type { Migration } from './Migration.js'

/**
 * `block_hash` on `blocks` and `opportunities`: which block of a height a row belongs to, as a column rather
 * than a piece of the opportunity id. A reorg marks the opportunities of a dropped block by
 * (run_id, block_number, block_hash). Rows written before this migration keep NULL, except opportunities
 * already marked as reorged, whose hash `reorged_opportunities` holds.
 */
export const migration006: Migration = {
  version: 6,
  name: 'block_hash',
  sql: `
ALTER TABLE blocks ADD COLUMN block_hash VARCHAR;
ALTER TABLE opportunities ADD COLUMN block_hash VARCHAR;
UPDATE opportunities SET block_hash = ro.block_hash
  FROM reorged_opportunities ro
  WHERE ro.run_id = opportunities.run_id AND ro.opportunity_id = opportunities.opportunity_id;
`,
}
