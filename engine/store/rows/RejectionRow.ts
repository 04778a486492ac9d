/** A `rejections` row (migration 1): an opportunity dropped before execution, with a machine-readable code. */
export type RejectionRow = {
  run_id: string
  opportunity_id: string
  /** Code, e.g. `below-min-profit`, `simulation-reverted`. */
  reason: string
  detail: string | null
}
