// DuckDB store writes: batched appender (store.append) against one INSERT per row, in the same run.
// Each case writes `opportunities` rows (two HUGEINT amounts, PK on (run_id, opportunity_id)) to a fresh file.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore, type Store } from '../engine/store/openStore.js'
import { writeResult } from './writeResult.js'

const BATCH_ROWS = 100_000
const SINGLE_ROWS = 5_000
const BLOCKS = 500
const ROWS_PER_BLOCK = 50

const COLUMNS = [
  'run_id', 'opportunity_id', 'block_number', 'strategy', 'kind', 'route', 'token_in',
  'amount_in', 'expected_profit', 'execution_mode', 'detected_at', 'detect_latency_us',
] as const

function row(i: number): Record<(typeof COLUMNS)[number], unknown> {
  return {
    run_id: 'bench',
    opportunity_id: `opp-${i}`,
    block_number: 18_000_000n + BigInt(i >> 6),
    strategy: 'spatial',
    kind: 'cycle',
    route: '["0x0d4a11d5eeaac28ec3f61d100daf4d40471f1852","0xb4e16d0168e52d35cacd2c6185b44281ec28c9dc"]',
    token_in: '0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2',
    amount_in: 2n ** 70n + BigInt(i),
    expected_profit: (i % 2 === 0 ? 1n : -1n) * (10n ** 18n + BigInt(i)),
    execution_mode: 'flash',
    detected_at: new Date(1_700_000_000_000 + i),
    detect_latency_us: 12.5,
  }
}

const seconds = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9

async function measure(dir: string, name: string, rows: number, write: (store: Store) => Promise<void>) {
  const store = await openStore({ path: join(dir, `${name}.duckdb`) })
  try {
    const t0 = process.hrtime.bigint()
    await write(store)
    const s = seconds(t0)
    const [count] = await store.query<{ n: bigint }>('SELECT count(*) AS n FROM opportunities')
    if (count?.n !== BigInt(rows)) throw new Error(`${name}: wrote ${count?.n} rows, expected ${rows}`)
    return { rows, seconds: s, rowsPerSecond: Math.round(rows / s) }
  } finally {
    await store.close()
  }
}

const placeholders = COLUMNS.map((_, i) => `$${i + 1}`).join(', ')
const insertSql = `INSERT INTO opportunities (${COLUMNS.join(', ')}) VALUES (${placeholders})`

// Rows are built before the clock starts: the figures are the store's cost, not the benchmark's.
const batchRows = Array.from({ length: BATCH_ROWS }, (_, i) => row(i))
const singleParams = batchRows.slice(0, SINGLE_ROWS).map((r) => COLUMNS.map((c) => r[c]))
const blockRows = Array.from({ length: BLOCKS }, (_, b) => batchRows.slice(b * ROWS_PER_BLOCK, (b + 1) * ROWS_PER_BLOCK))

const dir = await mkdtemp(join(tmpdir(), 'alphapulse-bench-store-'))
try {
  const batched = await measure(dir, 'batched', BATCH_ROWS, (store) => store.append('opportunities', batchRows))

  const singleInsertAutocommit = await measure(dir, 'single-autocommit', SINGLE_ROWS, async (store) => {
    for (const params of singleParams) await store.run(insertSql, params)
  })

  const singleInsertOneTransaction = await measure(dir, 'single-one-tx', SINGLE_ROWS, (store) =>
    store.transaction(async () => {
      for (const params of singleParams) await store.run(insertSql, params)
    }),
  )

  // The replay's shape: one transaction per block holding that block's rows (what resume relies on).
  const perBlockTransactions = await measure(dir, 'per-block', BLOCKS * ROWS_PER_BLOCK, async (store) => {
    for (const rows of blockRows) await store.transaction(() => store.append('opportunities', rows))
  })

  const results = {
    batchedAppend: batched,
    singleInsertAutocommit,
    singleInsertOneTransaction,
    perBlockTransactions: { ...perBlockTransactions, blocks: BLOCKS, rowsPerBlock: ROWS_PER_BLOCK, blocksPerSecond: Math.round(BLOCKS / perBlockTransactions.seconds) },
    ratioBatchedVsSingleAutocommit: Number((batched.rowsPerSecond / singleInsertAutocommit.rowsPerSecond).toFixed(1)),
    ratioBatchedVsSingleOneTransaction: Number((batched.rowsPerSecond / singleInsertOneTransaction.rowsPerSecond).toFixed(1)),
  }
  writeResult('store-writes', results)
  console.log(JSON.stringify(results, null, 2))
} finally {
  await rm(dir, { recursive: true, force: true })
}
