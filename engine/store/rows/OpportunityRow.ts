/** An `opportunities` row (migrations 1 and 6): a candidate a strategy found. Amounts in base units of `token_in`. */
export type OpportunityRow = {
  run_id: string
  /** `${blockNumber}-${index}`, see `opportunityId`. */
  opportunity_id: string
  block_number: bigint
  /** Hash of the block the opportunity was found in (migration 6); a reorg marks opportunities by it. NULL before migration 6. */
  block_hash: string | null
  strategy: string
  kind: string
  /** The route as JSON. */
  route: string
  token_in: string
  amount_in: bigint
  expected_profit: bigint
  execution_mode: 'capital' | 'flash'
  detected_at: Date
  detect_latency_us: number | null
}
