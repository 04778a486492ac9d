import type { ParquetColumn } from './writeParquet.js'

/**
 * The files of a recording folder (`arb history record --out DIR`):
 * - `headers.parquet`: one row per block (number, hash, parent_hash, timestamp, base_fee);
 * - `events.parquet`: every V2 Sync/Swap/Mint/Burn and V3 Swap/Mint/Burn log of the pools, decoded;
 * - `pools.parquet`: each pool's identity and its state at the end of block `from`;
 * - `recording.json`: range, chain id and the redacted source URL.
 * Integers that may exceed int64 are decimal strings.
 */
export const RECORDING_FILES = { headers: 'headers.parquet', events: 'events.parquet', pools: 'pools.parquet', meta: 'recording.json' } as const

export type HeaderRow = { number: bigint; hash: string; parent_hash: string; timestamp: bigint; base_fee: string }
export type EventRow = {
  block_number: bigint
  log_index: number
  tx_hash: string
  pool: string
  event: 'Sync' | 'Swap' | 'Mint' | 'Burn'
  amount0: string | null
  amount1: string | null
  reserve0: string | null
  reserve1: string | null
  sqrt_price_x96: string | null
  liquidity: string | null
  tick: number | null
  tick_lower: number | null
  tick_upper: number | null
  amount: string | null
}
export type PoolRow = {
  pool: string
  kind: 'v2' | 'v3'
  venue: string
  fee: number
  token0: string
  token1: string
  symbol0: string
  symbol1: string
  state_block: bigint
  reserve0: string | null
  reserve1: string | null
  sqrt_price_x96: string | null
  tick: number | null
  liquidity: string | null
}
export type RecordingMeta = { from: string; to: string; chainId: number; source: string; recordedAt: string; pools: number; events: number }

const col = <R, K extends keyof R & string>(name: K, type: ParquetColumn<R>['type']): ParquetColumn<R> => ({
  name,
  type,
  get: (r) => r[name] as bigint | number | string | null,
})

export const headerColumns: ParquetColumn<HeaderRow>[] = [col('number', 'BIGINT'), col('hash', 'VARCHAR'), col('parent_hash', 'VARCHAR'), col('timestamp', 'BIGINT'), col('base_fee', 'VARCHAR')]
export const eventColumns: ParquetColumn<EventRow>[] = [
  col('block_number', 'BIGINT'),
  col('log_index', 'INTEGER'),
  col('tx_hash', 'VARCHAR'),
  col('pool', 'VARCHAR'),
  col('event', 'VARCHAR'),
  col('amount0', 'VARCHAR'),
  col('amount1', 'VARCHAR'),
  col('reserve0', 'VARCHAR'),
  col('reserve1', 'VARCHAR'),
  col('sqrt_price_x96', 'VARCHAR'),
  col('liquidity', 'VARCHAR'),
  col('tick', 'INTEGER'),
  col('tick_lower', 'INTEGER'),
  col('tick_upper', 'INTEGER'),
  col('amount', 'VARCHAR'),
]
export const poolColumns: ParquetColumn<PoolRow>[] = [
  col('pool', 'VARCHAR'),
  col('kind', 'VARCHAR'),
  col('venue', 'VARCHAR'),
  col('fee', 'INTEGER'),
  col('token0', 'VARCHAR'),
  col('token1', 'VARCHAR'),
  col('symbol0', 'VARCHAR'),
  col('symbol1', 'VARCHAR'),
  col('state_block', 'BIGINT'),
  col('reserve0', 'VARCHAR'),
  col('reserve1', 'VARCHAR'),
  col('sqrt_price_x96', 'VARCHAR'),
  col('tick', 'INTEGER'),
  col('liquidity', 'VARCHAR'),
]
