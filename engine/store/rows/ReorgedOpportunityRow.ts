/** A `reorged_opportunities` row (migration 4): an opportunity of a dropped block, left out of every figure. */
export type ReorgedOpportunityRow = {
  run_id: string
  opportunity_id: string
  block_hash: string
}
