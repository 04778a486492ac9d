import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SeriesInput } from '../../../datasets/buildTimeline.js'
import type { PoolIdentity, V2PoolState, V3PoolState } from '../../../datasets/historyTimeline.js'
import { DatasetError } from '../../errors/DatasetError.js'
import { readParquet } from './readParquet.js'
import { RECORDING_FILES, type RecordingMeta } from './recordingFormat.js'

/** A recording read back: pool series for buildTimeline, exact timestamps and base fees, and its metadata. */
export type Recording = { meta: RecordingMeta; series: SeriesInput[]; timestamps: Map<bigint, bigint>; baseFees: Map<bigint, bigint>; from: bigint; to: bigint }

/**
 * Reads a folder written by recordHistory and replays its events into per-block pool states: the state at
 * `from` is the recorded one; after it a V2 Sync sets the reserves, a V3 Swap sets price, tick and
 * liquidity, a V3 Mint/Burn changes the active liquidity when its range holds the current tick. Every
 * state is exact (it is what the events say). A bad cell is a DatasetError naming the file, row and column.
 *
 * @example
 * const rec = await readRecording('data/recordings/usdc-weth')
 * const timeline = buildTimeline({ series: rec.series, timestamps: rec.timestamps, baseFees: rec.baseFees, defaultBaseFee: 0n })
 */
export async function readRecording(dir: string): Promise<Recording> {
  const metaPath = join(dir, RECORDING_FILES.meta)
  let meta: RecordingMeta
  try {
    meta = JSON.parse(await readFile(metaPath, 'utf8')) as RecordingMeta
  } catch (cause) {
    throw new DatasetError('not a recording (recording.json is missing or not JSON)', { file: metaPath, cause })
  }
  const from = BigInt(meta.from)
  const to = BigInt(meta.to)
  const files = { headers: join(dir, RECORDING_FILES.headers), events: join(dir, RECORDING_FILES.events), pools: join(dir, RECORDING_FILES.pools) }
  const int = (file: string, row: number, column: string, v: unknown): bigint => {
    if (typeof v === 'bigint') return v
    if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v)
    if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v)
    throw new DatasetError('expected an integer', { file, line: row + 1, column, value: String(v) })
  }

  const headers = await readParquet(files.headers, ['number', 'timestamp', 'base_fee'], 'number')
  const timestamps = new Map<bigint, bigint>()
  const baseFees = new Map<bigint, bigint>()
  headers.forEach((h, i) => {
    const n = int(files.headers, i, 'number', h.number)
    if (n !== from + BigInt(i)) throw new DatasetError(`expected block ${from + BigInt(i)} (headers cover ${from}–${to} without gaps)`, { file: files.headers, line: i + 1, column: 'number', value: String(n) })
    timestamps.set(n, int(files.headers, i, 'timestamp', h.timestamp))
    baseFees.set(n, int(files.headers, i, 'base_fee', h.base_fee))
  })
  if (headers.length !== Number(to - from + 1n)) throw new DatasetError(`expected ${to - from + 1n} headers, found ${headers.length}`, { file: files.headers })

  const pools = await readParquet(files.pools, ['pool', 'kind', 'venue', 'fee', 'symbol0', 'symbol1', 'reserve0', 'reserve1', 'sqrt_price_x96', 'tick', 'liquidity'])
  const events = await readParquet(files.events, ['block_number', 'log_index', 'pool', 'event', 'reserve0', 'reserve1', 'sqrt_price_x96', 'liquidity', 'tick', 'tick_lower', 'tick_upper', 'amount'], 'block_number, log_index')
  const series: SeriesInput[] = pools.map((p, i) => {
    const address = String(p.pool)
    const identity: PoolIdentity = {
      venue: p.venue as PoolIdentity['venue'],
      fee: Number(p.fee),
      token0: String(p.symbol0).toUpperCase(),
      token1: String(p.symbol1).toUpperCase(),
      sourceAddress: address,
    }
    const own = events.map((e, row) => ({ e, row })).filter(({ e }) => e.pool === address)
    if (p.kind === 'v2') {
      let state: V2PoolState = { reserve0: int(files.pools, i, 'reserve0', p.reserve0), reserve1: int(files.pools, i, 'reserve1', p.reserve1) }
      const updates = new Map<bigint, V2PoolState>([[from, state]])
      for (const { e, row } of own) {
        const block = int(files.events, row, 'block_number', e.block_number)
        if (block <= from || e.event !== 'Sync') continue
        state = { reserve0: int(files.events, row, 'reserve0', e.reserve0), reserve1: int(files.events, row, 'reserve1', e.reserve1) }
        updates.set(block, state)
      }
      return { kind: 'v2', identity, origin: `${dir} ${address}`, initial: updates.get(from)!, updates, coverage: [from, to] }
    }
    if (p.kind !== 'v3') throw new DatasetError('expected kind v2 or v3', { file: files.pools, line: i + 1, column: 'kind', value: String(p.kind) })
    let state: V3PoolState = {
      sqrtPriceX96: int(files.pools, i, 'sqrt_price_x96', p.sqrt_price_x96),
      tick: Number(int(files.pools, i, 'tick', p.tick)),
      liquidity: int(files.pools, i, 'liquidity', p.liquidity),
    }
    const updates = new Map<bigint, V3PoolState>([[from, state]])
    for (const { e, row } of own) {
      const block = int(files.events, row, 'block_number', e.block_number)
      if (block <= from) continue
      if (e.event === 'Swap') {
        state = {
          sqrtPriceX96: int(files.events, row, 'sqrt_price_x96', e.sqrt_price_x96),
          tick: Number(int(files.events, row, 'tick', e.tick)),
          liquidity: int(files.events, row, 'liquidity', e.liquidity),
        }
      } else if (e.event === 'Mint' || e.event === 'Burn') {
        const lower = Number(int(files.events, row, 'tick_lower', e.tick_lower))
        const upper = Number(int(files.events, row, 'tick_upper', e.tick_upper))
        const amount = int(files.events, row, 'amount', e.amount)
        if (lower <= state.tick && state.tick < upper) state = { ...state, liquidity: state.liquidity + (e.event === 'Mint' ? amount : -amount) }
      } else continue
      updates.set(block, state)
    }
    return { kind: 'v3', identity, origin: `${dir} ${address}`, initial: updates.get(from)!, initialFromData: true, updates, coverage: [from, to] }
  })
  return { meta, series, timestamps, baseFees, from, to }
}
