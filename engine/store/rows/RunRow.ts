/** A `runs` row (migrations 1 and 3): one backtest, paper or live run. Columns in engine/store/SCHEMA.md. */
export type RunRow = {
  run_id: string
  started_at: Date
  finished_at: Date | null
  mode: string
  /** JSON array of strategy names. */
  strategies: string
  /** The resolved config as JSON, secrets removed. */
  config_json: string
  config_hash: string
  /** Source spec as JSON, never an RPC key. */
  source: string
  chain_id: bigint
  from_block: bigint
  to_block: bigint | null
  next_block: bigint
  status: 'running' | 'completed' | 'failed' | 'interrupted'
  /** Migration 3. */
  manifest_json: string | null
  /** Migration 7: the inclusion model trades were executed with; null for live runs. */
  inclusion: string | null
  /** Migration 10: what the run cost the archive (summed over its sessions); null when no archive was read. */
  archive_requests: bigint | null
  archive_calls: bigint | null
  archive_bytes: bigint | null
  cache_hits: bigint | null
}
