/**
 * SQL table expression: the `opportunities` rows still on the canonical chain, i.e. without the ones of
 * blocks a reorg dropped (listed in `reorged_opportunities`, migration 4). Every figure about a run reads
 * opportunities through it, so `arb show`, the report, `arb compare` and the gates count the same rows.
 * Use it wherever SQL would name `opportunities` (it has the same columns):
 *
 * @example
 * await store.query(`SELECT count(*) AS n FROM ${canonicalOpportunities} o WHERE o.run_id = $1`, [runId])
 */
export const canonicalOpportunities = `(SELECT * FROM opportunities WHERE NOT EXISTS (
  SELECT 1 FROM reorged_opportunities ro WHERE ro.run_id = opportunities.run_id AND ro.opportunity_id = opportunities.opportunity_id))`
