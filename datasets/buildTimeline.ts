import { ConfigError } from '../engine/errors/ConfigError.js'
import { DatasetError } from '../engine/errors/DatasetError.js'
import type { HistoryTimeline, PoolIdentity, PoolSeries, V2PoolState, V3PoolState } from './historyTimeline.js'
import { inferTimestamps } from './inferTimestamps.js'

/** One pool's known states, as an importer read them. `initial` holds before the first update. */
export type SeriesInput =
  | { kind: 'v2'; identity: PoolIdentity; origin: string; initial?: V2PoolState; updates: Map<bigint, V2PoolState>; coverage: [bigint, bigint] }
  | {
      kind: 'v3'
      identity: PoolIdentity
      origin: string
      initial?: V3PoolState
      /** True when `initial` is read from the data, false when reconstructed. */
      initialFromData?: boolean
      updates: Map<bigint, V3PoolState>
      coverage: [bigint, bigint]
    }

export type BuildTimelineOptions = {
  series: SeriesInput[]
  /** Known block timestamps (seconds). */
  timestamps: Map<bigint, bigint>
  /** Known base fees (wei); other blocks get `defaultBaseFee`. */
  baseFees?: Map<bigint, bigint>
  defaultBaseFee: bigint
  /** Window; defaults to the blocks every series covers. */
  from?: bigint
  to?: bigint
}

/**
 * Merges importer outputs into one window: picks (or checks) `from`/`to` against every series' coverage,
 * gives each series its state at the end of block `from − 1`… as `initial` and the updates inside the
 * window, and completes timestamps (inferTimestamps) and base fees.
 */
export function buildTimeline(options: BuildTimelineOptions): HistoryTimeline {
  const { series } = options
  if (series.length === 0) throw new ConfigError('--v2/--v3', 'at least one pool file or recording')
  const coverFrom = series.reduce((m, s) => (s.coverage[0] > m ? s.coverage[0] : m), 0n)
  const coverTo = series.reduce((m, s) => (s.coverage[1] < m ? s.coverage[1] : m), series[0]!.coverage[1])
  if (coverFrom > coverTo) {
    throw new ConfigError('--v2/--v3', 'files whose block ranges overlap', series.map((s) => `${s.origin}: ${s.coverage[0]}–${s.coverage[1]}`).join('; '))
  }
  const from = options.from ?? coverFrom
  const to = options.to ?? coverTo
  if (from > to) throw new ConfigError('--from/--to', `--from at most --to`, `${from} > ${to}`)
  if (from < coverFrom || to > coverTo) {
    throw new ConfigError('--from/--to', `a range inside the blocks every file covers (${coverFrom}–${coverTo})`, `${from}–${to}`)
  }
  if (options.timestamps.size === 0) {
    throw new DatasetError('no block timestamps: add a V3 events file or a recording, which carry them', { file: series.map((s) => s.origin).join(', ') })
  }
  const pools: PoolSeries[] = series.map((s) => {
    const missing = () => new DatasetError(`no state is known at block ${from} (first row is later)`, { file: s.origin })
    if (s.kind === 'v2') {
      const initial = latestBefore(s.updates, from) ?? s.initial
      if (!initial) throw missing()
      return { kind: 'v2', identity: s.identity, origin: s.origin, initial, updates: inWindow(s.updates, from, to) }
    }
    const before = latestBefore(s.updates, from)
    const initial = before ?? s.initial
    if (!initial) throw missing()
    const initialFromData = before !== undefined || (s.initialFromData ?? true)
    return { kind: 'v3', identity: s.identity, origin: s.origin, initial, initialFromData, updates: inWindow(s.updates, from, to) }
  })
  const blocks = inferTimestamps(options.timestamps, from, to).map((b) => {
    const fee = options.baseFees?.get(b.number)
    return { number: b.number, timestamp: b.timestamp, timestampExact: b.exact, baseFee: fee ?? options.defaultBaseFee, baseFeeExact: fee !== undefined }
  })
  for (let i = 1; i < blocks.length; i++) {
    if (blocks[i]!.timestamp < blocks[i - 1]!.timestamp) {
      throw new DatasetError(`block ${blocks[i]!.number} has timestamp ${blocks[i]!.timestamp}, before block ${blocks[i - 1]!.number}'s`, {
        file: series.map((s) => s.origin).join(', '),
      })
    }
  }
  return { from, to, blocks, pools }
}

function inWindow<T>(updates: Map<bigint, T>, from: bigint, to: bigint): Map<bigint, T> {
  return new Map([...updates].filter(([b]) => b >= from && b <= to))
}

function latestBefore<T>(updates: Map<bigint, T>, block: bigint): T | undefined {
  let best: bigint | undefined
  for (const b of updates.keys()) if (b < block && (best === undefined || b > best)) best = b
  return best === undefined ? undefined : updates.get(best)
}
