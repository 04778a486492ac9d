import type { AnyNotebook } from './Notebook.js'
import { cumulativePnl } from './cumulativePnl.js'
import { detectionLatency } from './detectionLatency.js'
import { errorDistribution } from './errorDistribution.js'
import { executionLatency } from './executionLatency.js'
import { gasShare } from './gasShare.js'
import { gateTable } from './gateTable.js'
import { landingOutcomes } from './landingOutcomes.js'
import { opportunitiesPerBlock } from './opportunitiesPerBlock.js'
import { simulatedVsRealized } from './simulatedVsRealized.js'

/** The notebooks of `arb report`, in page order. Add yours here. */
export const defaultNotebooks: readonly AnyNotebook[] = [
  cumulativePnl,
  simulatedVsRealized,
  landingOutcomes,
  errorDistribution,
  opportunitiesPerBlock,
  detectionLatency,
  executionLatency,
  gasShare,
  gateTable,
]
