/** Rows of one processed block, written to DuckDB in one transaction together with `runs.next_block`. */
export type BlockRecords = {
  block: Record<string, unknown>
  opportunities: Record<string, unknown>[]
  simulations: Record<string, unknown>[]
  executions: Record<string, unknown>[]
  rejections: Record<string, unknown>[]
}

export function emptyRecords(block: Record<string, unknown>): BlockRecords {
  return { block, opportunities: [], simulations: [], executions: [], rejections: [] }
}
