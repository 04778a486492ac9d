import { DatasetError } from '../engine/errors/DatasetError.js'
import type { V3PoolState } from './historyTimeline.js'
import { readCsv, type CsvRow } from './readCsv.js'
import { reconstructPreSwapState } from './reconstructPreSwapState.js'

/** What a decoded V3 events file tells: each listed block's end state, the state before the first event, timestamps. */
export type V3TickFile = {
  path: string
  /** State at the end of every block that has an event. */
  updates: Map<bigint, V3PoolState>
  /** State before the file's first event. */
  initial: V3PoolState
  /** Whether `initial` reproduces the first swap exactly with the pool's math (see reconstructPreSwapState). */
  initialFits: boolean
  /** Block timestamps (seconds) of the blocks with events. */
  timestamps: Map<bigint, bigint>
  firstBlock: bigint
  lastBlock: bigint
}

const MAX_UINT160 = (1n << 160n) - 1n
const MAX_UINT128 = (1n << 128n) - 1n

/**
 * Reads a demeter-fetch decoded Uniswap V3 events file (`*.tick.csv` or `*.pool.tick.csv`: one row per
 * SWAP/MINT/BURN/COLLECT with `sqrtPriceX96`, `current_tick`, `total_liquidity`, `tick_lower`, `tick_upper`,
 * `liquidity`) and replays it into each block's end state: a SWAP sets price, tick and active liquidity to
 * the event's; a MINT/BURN adds/removes its liquidity when its range holds the current tick; COLLECT
 * changes nothing. (The file's `total_liquidity` on MINT/BURN rows is not reliable, so it is not used.)
 * The state before the first event is recovered from the first SWAP (see reconstructPreSwapState).
 * `feePips` is the pool's fee tier. Rows must be in block and log order.
 *
 * @example
 * const file = await readV3TickCsv('…/ethereum-0x88e6…-2024-01-05.tick.csv', 500)
 */
export async function readV3TickCsv(path: string, feePips: number): Promise<V3TickFile> {
  const required = ['block_number', 'block_timestamp', 'tx_type', 'amount0', 'amount1', 'total_liquidity', 'sqrtPriceX96', 'current_tick', 'tick_lower', 'tick_upper', 'liquidity']
  const csv = await readCsv(path, required)
  const logColumn = csv.header.includes('pool_log_index') ? 'pool_log_index' : csv.header.includes('log_index') ? 'log_index' : undefined
  const fail = (row: CsvRow, column: string, problem: string) => new DatasetError(problem, { file: path, line: row.line, column, value: row.text(column) })

  const timestamps = new Map<bigint, bigint>()
  const updates = new Map<bigint, V3PoolState>()
  // Liquidity changes seen before the first swap, applied once the starting state is known.
  const early: { block: bigint; row: CsvRow; delta: bigint; lower: number; upper: number }[] = []
  let state: V3PoolState | undefined
  let initial: V3PoolState | undefined
  let initialFits = true
  let previous: { block: bigint; log: bigint } | undefined

  for (const row of csv.rows) {
    const block = row.int('block_number')
    const log = logColumn ? row.int(logColumn) : 0n
    if (previous && (block < previous.block || (block === previous.block && logColumn && log <= previous.log))) {
      throw fail(row, block < previous.block ? 'block_number' : logColumn!, `rows must be in block and log order (previous row: block ${previous.block}, log ${previous.log})`)
    }
    previous = { block, log }
    const timestamp = parseTimestamp(row.text('block_timestamp'))
    if (timestamp === undefined) throw fail(row, 'block_timestamp', 'expected a UTC time "YYYY-MM-DD HH:MM:SS" or Unix seconds')
    const known = timestamps.get(block)
    if (known !== undefined && known !== timestamp) throw fail(row, 'block_timestamp', `block ${block} already has timestamp ${known}`)
    timestamps.set(block, timestamp)

    const type = row.text('tx_type').toUpperCase()
    if (type === 'SWAP') {
      const sqrtPriceX96 = row.int('sqrtPriceX96')
      if (sqrtPriceX96 <= 0n || sqrtPriceX96 > MAX_UINT160) throw fail(row, 'sqrtPriceX96', 'expected a uint160 above 0')
      const liquidity = row.int('total_liquidity')
      if (liquidity < 0n || liquidity > MAX_UINT128) throw fail(row, 'total_liquidity', 'expected a uint128')
      const tick = Number(row.int('current_tick'))
      if (Math.abs(tick) > 887272) throw fail(row, 'current_tick', 'expected a tick within ±887272')
      if (!state) {
        const pre = reconstructPreSwapState({ amount0: row.int('amount0'), amount1: row.int('amount1'), sqrtPriceX96, liquidity }, feePips)
        initialFits = pre.fits
        let L = pre.state.liquidity
        // Undo the liquidity changes that came before this first swap to get the window's starting state.
        for (const e of early) if (e.lower <= pre.state.tick && pre.state.tick < e.upper) L -= e.delta
        if (L < 0n) throw fail(row, 'total_liquidity', 'liquidity before the first swap would be negative')
        initial = { ...pre.state, liquidity: L }
        let running = L
        for (const e of early) {
          if (e.lower <= pre.state.tick && pre.state.tick < e.upper) running += e.delta
          updates.set(e.block, { ...pre.state, liquidity: running })
        }
      }
      state = { sqrtPriceX96, tick, liquidity }
      updates.set(block, state)
    } else if (type === 'MINT' || type === 'BURN') {
      const amount = row.int('liquidity')
      if (amount < 0n || amount > MAX_UINT128) throw fail(row, 'liquidity', 'expected a uint128')
      const lower = Number(row.int('tick_lower'))
      const upper = Number(row.int('tick_upper'))
      if (lower >= upper) throw fail(row, 'tick_upper', `tick_upper must be above tick_lower (${lower})`)
      const delta = type === 'MINT' ? amount : -amount
      if (!state) early.push({ block, row, delta, lower, upper })
      else {
        let liquidity = state.liquidity
        if (lower <= state.tick && state.tick < upper) liquidity += delta
        if (liquidity < 0n) throw fail(row, 'liquidity', `burning more than the active liquidity ${state.liquidity}`)
        state = { ...state, liquidity }
        updates.set(block, state)
      }
    } else if (type !== 'COLLECT') {
      throw fail(row, 'tx_type', 'expected SWAP, MINT, BURN or COLLECT')
    }
  }
  if (!initial || !state) throw new DatasetError('the file has no SWAP row, so the pool price is unknown', { file: path, column: 'tx_type' })
  const blocks = [...timestamps.keys()]
  return { path, updates, initial, initialFits, timestamps, firstBlock: blocks[0]!, lastBlock: blocks[blocks.length - 1]! }
}

function parseTimestamp(text: string): bigint | undefined {
  if (/^\d+$/.test(text)) return BigInt(text)
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:Z|\+00:00)?$/.exec(text)
  if (!m) return undefined
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!)
  return Number.isNaN(ms) ? undefined : BigInt(ms / 1000)
}
