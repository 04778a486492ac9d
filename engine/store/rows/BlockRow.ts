/** A `blocks` row (migrations 1 and 6): a block a run finished processing. */
export type BlockRow = {
  run_id: string
  block_number: bigint
  /** Hash of the processed block (migration 6); NULL in rows written before it. */
  block_hash: string | null
  /** Seconds since the Unix epoch, as the chain reports it. */
  block_timestamp: bigint
  /** Wei per gas; NULL before London. */
  base_fee: bigint | null
  processed_at: Date
}
