/** A `sweeps` row (migration 5): one parameter grid over one source. */
export type SweepRow = {
  sweep_id: string
  name: string
  grid_json: string
  source: string
  points: number
  created_at: Date
  finished_at: Date | null
  status: 'running' | 'completed' | 'interrupted' | 'failed'
}
