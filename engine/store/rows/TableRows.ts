import type { BlockRow } from './BlockRow.js'
import type { ExecutionRow } from './ExecutionRow.js'
import type { GateResultRow } from './GateResultRow.js'
import type { OpportunityRow } from './OpportunityRow.js'
import type { RejectionRow } from './RejectionRow.js'
import type { ReorgedBlockRow } from './ReorgedBlockRow.js'
import type { ReorgedOpportunityRow } from './ReorgedOpportunityRow.js'
import type { RunRow } from './RunRow.js'
import type { SimulationRow } from './SimulationRow.js'
import type { SweepRow } from './SweepRow.js'
import type { SweepRunRow } from './SweepRunRow.js'

/**
 * The row type of every table, by table name: what `store.query('SELECT * FROM t')` returns and what the
 * engine appends. `rows.test.ts` checks each against the columns the migrations create.
 */
export type TableRows = {
  runs: RunRow
  blocks: BlockRow
  opportunities: OpportunityRow
  simulations: SimulationRow
  executions: ExecutionRow
  rejections: RejectionRow
  gate_results: GateResultRow
  reorged_blocks: ReorgedBlockRow
  reorged_opportunities: ReorgedOpportunityRow
  sweeps: SweepRow
  sweep_runs: SweepRunRow
}
