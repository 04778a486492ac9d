/** A `sweep_runs` row (migration 5): one grid point and the run that scored it. */
export type SweepRunRow = {
  sweep_id: string
  point: number
  params_json: string
  config_hash: string
  run_id: string | null
  status: 'pending' | 'running' | 'completed' | 'interrupted' | 'failed'
  error: string | null
  updated_at: Date
}
