import { resolve } from 'node:path'
import { buildTimeline } from '../../../datasets/buildTimeline.js'
import type { HistoryTimeline } from '../../../datasets/historyTimeline.js'
import { importCsvHistory } from '../../../datasets/importCsvHistory.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { realDatasets } from './realDatasets.js'
import { sharedDataDir } from './sharedDataDir.js'

/** Base fee written into every block of a dataset without one: 20 gwei (2024-01-05's fees are not in the data). */
export const DEFAULT_BASE_FEE = 20_000_000_000n

/**
 * Reads a named dataset's files from the shared data folder into a timeline, for `from`…`to` (default:
 * the dataset's whole window).
 *
 * @example
 * const timeline = await loadRealDataset('real-usdc-weth-2024-01-05', { from: 18_937_382n, to: 18_937_481n })
 */
export async function loadRealDataset(name: string, options: { from?: bigint; to?: bigint; baseFee?: bigint; dataDir?: string } = {}): Promise<HistoryTimeline> {
  const dataset = realDatasets[name]
  if (!dataset) throw new ConfigError('name', `one of ${Object.keys(realDatasets).join(', ')}`, name)
  const dir = options.dataDir ?? sharedDataDir()
  const at = (f: { path: string; pool?: string }) => ({ path: resolve(dir, f.path), pool: f.pool })
  const { series, timestamps } = await importCsvHistory({ v2: dataset.v2.map(at), v3: dataset.v3.map(at) })
  const from = options.from ?? dataset.from
  const to = options.to ?? dataset.to
  if (from < dataset.from || to > dataset.to || from > to) {
    throw new ConfigError('--from/--to', `from ≤ to within ${dataset.from}–${dataset.to}`, `${from}–${to}`)
  }
  return buildTimeline({ series, timestamps, defaultBaseFee: options.baseFee ?? DEFAULT_BASE_FEE, from, to })
}
