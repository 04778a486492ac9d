import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DatasetError } from '../engine/errors/DatasetError.js'
import { sharedDataDir } from '../engine/sources/real/sharedDataDir.js'
import { inferTimestamps } from './inferTimestamps.js'
import { readV2ReservesCsv } from './readV2ReservesCsv.js'
import { readV3TickCsv } from './readV3TickCsv.js'
import { reconstructPreSwapState } from './reconstructPreSwapState.js'

const dir = mkdtempSync(join(tmpdir(), 'arb-datasets-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}
async function datasetError(p: Promise<unknown>): Promise<DatasetError> {
  const e = await p.then(() => undefined, (x: unknown) => x)
  expect(e).toBeInstanceOf(DatasetError)
  return e as DatasetError
}

describe('readV2ReservesCsv', () => {
  it('reads block → reserves', async () => {
    const m = await readV2ReservesCsv(file('ok.csv', 'blockNumber,reserve0,reserve1\n10,"5","7"\n11,6,8\n'))
    expect([...m]).toEqual([[10n, { reserve0: 5n, reserve1: 7n }], [11n, { reserve0: 6n, reserve1: 8n }]])
  })

  it('names file, line and column of a missing column', async () => {
    const path = file('missing.csv', 'blockNumber,reserve0\n10,5\n')
    const e = await datasetError(readV2ReservesCsv(path))
    expect([e.file, e.line, e.column]).toEqual([path, 1, 'reserve1'])
    expect(e.message).toContain('missing.csv, line 1, column reserve1')
  })

  it('names file, line and column of a non-numeric reserve', async () => {
    const path = file('nan.csv', 'blockNumber,reserve0,reserve1\n10,5,7\n11,5,abc\n')
    const e = await datasetError(readV2ReservesCsv(path))
    expect([e.line, e.column]).toEqual([3, 'reserve1'])
    expect(e.message).toContain('"abc"')
  })

  it('rejects blocks out of order, naming the line', async () => {
    const e = await datasetError(readV2ReservesCsv(file('order.csv', 'blockNumber,reserve0,reserve1\n10,5,7\n12,5,7\n11,5,7\n')))
    expect([e.line, e.column]).toEqual([4, 'blockNumber'])
  })

  it('rejects an empty file and a header without rows', async () => {
    expect((await datasetError(readV2ReservesCsv(file('empty.csv', '')))).line).toBe(1)
    expect((await datasetError(readV2ReservesCsv(file('header.csv', 'blockNumber,reserve0,reserve1\n')))).line).toBe(2)
  })

  it('rejects a reserve beyond uint112 and a short row', async () => {
    expect((await datasetError(readV2ReservesCsv(file('big.csv', `blockNumber,reserve0,reserve1\n10,${2n ** 112n},1\n`)))).column).toBe('reserve0')
    expect((await datasetError(readV2ReservesCsv(file('short.csv', 'blockNumber,reserve0,reserve1\n10,1\n')))).line).toBe(2)
  })
})

const tickHeader = 'block_number,block_timestamp,tx_type,transaction_hash,pool_tx_index,pool_log_index,proxy_log_index,sender,receipt,amount0,amount1,total_liquidity,total_liquidity_delta,sqrtPriceX96,current_tick,position_id,tick_lower,tick_upper,liquidity'
describe('readV3TickCsv', () => {
  const real = resolve(sharedDataDir(), 'history/uniswap-v3-usdc-weth-2024-01-05/ethereum-0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640-2024-01-05.tick.csv')

  it('applies in-range MINT/BURN liquidity like the next SWAP reports it (real file)', async () => {
    const f = await readV3TickCsv(real, 500)
    // Block 18937605: a JIT mint of 389297572651811471360 at [199060,199070] around tick 199061, burned in the same block.
    expect(f.updates.get(18937605n)!.liquidity).toBe(12400067608091933125n)
    // Block 18937743 ends on a BURN after a MINT in range; the next SWAP (block 18937744+) reports the same liquidity.
    expect(f.firstBlock).toBe(18937382n)
    expect(f.lastBlock).toBe(18944480n)
    expect(f.initialFits).toBe(true)
    expect(f.timestamps.get(18937382n)).toBe(1704412823n)
  })

  it('names line and column of a bad tick, a bad type and rows out of order', async () => {
    const row = (block: number, log: number, type = 'SWAP', tick = '199045.0') =>
      `${block},2024-01-05 00:00:23,${type},0xaa,1,${log},,0x1,0x1,-22686110,10000000000000000,12453647101533358277,0,1662995104975155420368771254341874,${tick},,,,`
    const bad = await datasetError(readV3TickCsv(file('t1.csv', `${tickHeader}\n${row(10, 1, 'SWAP', 'x')}\n`), 500))
    expect([bad.line, bad.column]).toEqual([2, 'current_tick'])
    const type = await datasetError(readV3TickCsv(file('t2.csv', `${tickHeader}\n${row(10, 1)}\n${row(10, 2, 'FLASH')}\n`), 500))
    expect([type.line, type.column]).toEqual([3, 'tx_type'])
    const order = await datasetError(readV3TickCsv(file('t3.csv', `${tickHeader}\n${row(10, 5)}\n${row(10, 4)}\n`), 500))
    expect([order.line, order.column]).toEqual([3, 'pool_log_index'])
    const blocks = await datasetError(readV3TickCsv(file('t4.csv', `${tickHeader}\n${row(11, 1)}\n${row(10, 4)}\n`), 500))
    expect([blocks.line, blocks.column]).toEqual([3, 'block_number'])
  })
})

describe('reconstructPreSwapState', () => {
  it('recovers the price before a swap, checked on every pair of consecutive real swaps at one liquidity', async () => {
    const csv = readFileSync(
      resolve(sharedDataDir(), 'history/uniswap-v3-usdc-weth-2024-01-05/ethereum-0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640-2024-01-05.tick.csv'),
      'utf8',
    )
    const rows = csv.trim().split('\n').slice(1).map((l) => l.split(','))
    let fitting = 0
    let exact = 0
    let pairs = 0
    for (let i = 1; i < rows.length; i++) {
      const [prev, cur] = [rows[i - 1]!, rows[i]!]
      if (prev[2] !== 'SWAP' || cur[2] !== 'SWAP' || prev[11] !== cur[11]) continue
      pairs++
      const { state, fits } = reconstructPreSwapState({ amount0: BigInt(cur[9]!), amount1: BigInt(cur[10]!), sqrtPriceX96: BigInt(cur[13]!), liquidity: BigInt(cur[11]!) }, 500)
      if (!fits) continue
      fitting++
      const truth = BigInt(prev[13]!)
      const diff = state.sqrtPriceX96 > truth ? state.sqrtPriceX96 - truth : truth - state.sqrtPriceX96
      // Within the rounding band of one token1 unit: 2^96 / L.
      expect(diff <= (1n << 96n) / BigInt(cur[11]!) + 16n).toBe(true)
      if (diff === 0n) exact++
    }
    expect(pairs).toBeGreaterThan(2000)
    expect(fitting / pairs).toBeGreaterThan(0.8)
    // Exact-input swaps without a price limit pin the very price (about half of this day's swaps).
    expect(exact / fitting).toBeGreaterThan(0.4)
  })
})

describe('inferTimestamps', () => {
  it('is exact between known blocks without missed slots, inferred across a missed slot', () => {
    const out = inferTimestamps(new Map([[10n, 1000n], [13n, 1036n], [15n, 1072n]]), 9n, 16n)
    expect(out.map((b) => [b.number, b.timestamp, b.exact])).toEqual([
      [9n, 988n, false],
      [10n, 1000n, true],
      [11n, 1012n, true],
      [12n, 1024n, true],
      [13n, 1036n, true],
      [14n, 1048n, false],
      [15n, 1072n, true],
      [16n, 1084n, false],
    ])
  })
})
