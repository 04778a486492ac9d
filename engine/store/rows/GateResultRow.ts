/** A `gate_results` row (migration 1): one promotion gate a run was judged by. */
export type GateResultRow = {
  run_id: string
  config_hash: string
  gate: string
  value: number | null
  threshold: number | null
  passed: boolean
  evaluated_at: Date
}
