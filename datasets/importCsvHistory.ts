import { DatasetError } from '../engine/errors/DatasetError.js'
import type { SeriesInput } from './buildTimeline.js'
import { readV2ReservesCsv } from './readV2ReservesCsv.js'
import { readV3TickCsv } from './readV3TickCsv.js'
import { resolvePoolIdentity } from './resolvePoolIdentity.js'

/** A pool file to import, with an optional `TOKEN0/TOKEN1@FEE` identity (see resolvePoolIdentity). */
export type PoolFileSpec = { path: string; pool?: string }

/**
 * Reads V2 reserves files and V3 decoded-events files into series and the block timestamps they carry,
 * ready for buildTimeline. Files are read in parallel; any malformed cell is a DatasetError.
 *
 * @example
 * const { series, timestamps } = await importCsvHistory({ v2: [{ path: reservesCsv }], v3: [{ path: tickCsv }] })
 */
export async function importCsvHistory(options: { v2?: PoolFileSpec[]; v3?: PoolFileSpec[] }): Promise<{ series: SeriesInput[]; timestamps: Map<bigint, bigint> }> {
  const v2 = await Promise.all(
    (options.v2 ?? []).map(async (f): Promise<SeriesInput> => {
      const identity = resolvePoolIdentity('v2', f.path, f.pool)
      const updates = await readV2ReservesCsv(f.path)
      const blocks = [...updates.keys()]
      return { kind: 'v2', identity, origin: f.path, updates, coverage: [blocks[0]!, blocks[blocks.length - 1]!] }
    }),
  )
  const v3Files = await Promise.all(
    (options.v3 ?? []).map(async (f) => {
      const identity = resolvePoolIdentity('v3', f.path, f.pool)
      return { identity, file: await readV3TickCsv(f.path, identity.fee) }
    }),
  )
  // Each decoded file covers a whole day; the day's blocks start where the earliest of them starts.
  const dayStart = v3Files.reduce<bigint | undefined>((m, f) => (m === undefined || f.file.firstBlock < m ? f.file.firstBlock : m), undefined)
  const dayEnd = v3Files.reduce<bigint | undefined>((m, f) => (m === undefined || f.file.lastBlock > m ? f.file.lastBlock : m), undefined)
  const v3 = v3Files.map(({ identity, file }): SeriesInput => ({
    kind: 'v3',
    identity,
    origin: file.path,
    initial: file.initial,
    initialFromData: false,
    updates: file.updates,
    coverage: [dayStart!, dayEnd!],
  }))
  const timestamps = new Map<bigint, bigint>()
  for (const { file } of v3Files) {
    for (const [b, t] of file.timestamps) {
      const known = timestamps.get(b)
      if (known !== undefined && known !== t) {
        throw new DatasetError(`block ${b} has timestamp ${t} here but ${known} in another file`, { file: file.path, column: 'block_timestamp' })
      }
      timestamps.set(b, t)
    }
  }
  return { series: [...v2, ...v3], timestamps }
}
