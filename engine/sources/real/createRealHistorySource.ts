import type { AnvilOptions } from '../../chain/startAnvil.js'
import { createReenactedSource, type ReenactedSource } from './createReenactedSource.js'
import { loadRealDataset } from './loadRealDataset.js'

export type RealHistorySourceOptions = {
  /** A dataset of `realDatasets`, e.g. 'real-usdc-weth-2024-01-05'. */
  name: string
  from?: bigint
  to?: bigint
  /** Base fee (wei) for blocks whose data has none. Default 20 gwei. */
  baseFee?: bigint
  /** Devnet seed for the pools the history does not drive. */
  seed?: number
  anvil?: Pick<AnvilOptions, 'port' | 'extraArgs' | 'startTimeoutMs'>
  onProgress?: (done: number, total: number) => void
}

/**
 * Real mainnet history re-enacted on the devnet: reads the named dataset from the shared data folder and
 * builds a chain whose blocks carry the real numbers and timestamps and whose stand-in pools hold the
 * real end-of-block states (see reenactHistory and datasets/README.md for the limits). Call `close()` to
 * stop its Anvil.
 *
 * @example
 * const source = await createRealHistorySource({ name: 'real-usdc-weth-2024-01-05', from: 18_937_382n, to: 18_937_481n })
 * for await (const block of source.blocks()) console.log(block.number, block.timestamp)
 * await source.close()
 */
export async function createRealHistorySource(options: RealHistorySourceOptions): Promise<ReenactedSource> {
  const timeline = await loadRealDataset(options.name, { from: options.from, to: options.to, baseFee: options.baseFee })
  const whole = options.from === undefined && options.to === undefined
  return createReenactedSource({
    name: whole ? options.name : `${options.name}[${timeline.from}-${timeline.to}]`,
    timeline,
    seed: options.seed,
    anvil: options.anvil,
    onProgress: options.onProgress,
  })
}
