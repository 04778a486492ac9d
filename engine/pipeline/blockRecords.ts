import type { BlockRow } from '../store/rows/BlockRow.js'
import type { ExecutionRow } from '../store/rows/ExecutionRow.js'
import type { OpportunityRow } from '../store/rows/OpportunityRow.js'
import type { RejectionRow } from '../store/rows/RejectionRow.js'
import type { SimulationRow } from '../store/rows/SimulationRow.js'

/**
 * Rows of one processed block, written to DuckDB in one transaction together with `runs.next_block`.
 * The engine always knows the block hash, so it is required here (the column is nullable only for rows
 * written before migration 6).
 */
export type BlockRecords = {
  block: BlockRow & { block_hash: string }
  opportunities: (OpportunityRow & { block_hash: string })[]
  simulations: SimulationRow[]
  executions: ExecutionRow[]
  rejections: RejectionRow[]
}

export function emptyRecords(block: BlockRecords['block']): BlockRecords {
  return { block, opportunities: [], simulations: [], executions: [], rejections: [] }
}
