import { DatasetError } from '../engine/errors/DatasetError.js'
import type { V2PoolState } from './historyTimeline.js'
import { readCsv } from './readCsv.js'

const MAX_UINT112 = (1n << 112n) - 1n

/**
 * Reads a V2 reserves file (`blockNumber,reserve0,reserve1`: a pair's reserves at the end of each listed
 * block, token order) into a map from block to reserves. Block numbers must strictly increase; reserves
 * must be integers within uint112. Any problem is a DatasetError naming file, line and column.
 *
 * @example
 * const reserves = await readV2ReservesCsv('../shared/data/history/uniswap-v2-usdc-weth/reserves.csv')
 * reserves.get(18937382n) // { reserve0: …n, reserve1: …n }
 */
export async function readV2ReservesCsv(path: string): Promise<Map<bigint, V2PoolState>> {
  const csv = await readCsv(path, ['blockNumber', 'reserve0', 'reserve1'])
  const out = new Map<bigint, V2PoolState>()
  let previous = -1n
  for (const row of csv.rows) {
    const block = row.int('blockNumber')
    if (block <= previous) {
      throw new DatasetError(`block numbers must strictly increase (previous row has ${previous})`, {
        file: path,
        line: row.line,
        column: 'blockNumber',
        value: String(block),
      })
    }
    previous = block
    const reserve = (column: 'reserve0' | 'reserve1') => {
      const v = row.int(column)
      if (v < 0n || v > MAX_UINT112) {
        throw new DatasetError('a reserve must be within uint112 (0 … 2^112-1)', { file: path, line: row.line, column, value: String(v) })
      }
      return v
    }
    out.set(block, { reserve0: reserve('reserve0'), reserve1: reserve('reserve1') })
  }
  return out
}
