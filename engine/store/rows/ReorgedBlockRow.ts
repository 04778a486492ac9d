/** A `reorged_blocks` row (migration 4): a processed block the chain dropped. */
export type ReorgedBlockRow = {
  run_id: string
  block_number: bigint
  block_hash: string
  block_timestamp: bigint
  reorged_at: Date
}
