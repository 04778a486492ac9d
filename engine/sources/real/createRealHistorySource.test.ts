import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { decodeFunctionResult, encodeFunctionData, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uniswapV2PairAbi } from '../../abi/uniswapV2Pair.js'
import { uniswapV3PoolAbi } from '../../abi/uniswapV3Pool.js'
import { quoterV2Abi } from '../../abi/quoterV2.js'
import { createRpcClient } from '../../chain/createRpcClient.js'
import { computeSwapStep } from '../../math/v3/computeSwapStep.js'
import { MAX_SQRT_RATIO } from '../../math/v3/constants.js'
import { startAnvil } from '../../chain/startAnvil.js'
import type { ReenactedSource } from './createReenactedSource.js'
import { createRealHistorySource } from './createRealHistorySource.js'
import { sharedDataDir } from './sharedDataDir.js'

// The oracle: the shared CSV files read here with a plain split, independently of the importers.
const dir = sharedDataDir()
const lines = (path: string) => readFileSync(resolve(dir, path), 'utf8').trim().split('\n')
const v2Rows = new Map(
  lines('history/uniswap-v2-usdc-weth/reserves.csv')
    .slice(1)
    .map((l) => l.replaceAll('"', '').split(','))
    .map(([b, r0, r1]) => [BigInt(b!), { reserve0: BigInt(r0!), reserve1: BigInt(r1!) }]),
)
type V3Row = { block: bigint; timestamp: bigint; type: string; sqrtPriceX96: bigint; liquidity: bigint }
function v3Rows(path: string): V3Row[] {
  const [header, ...rest] = lines(`history/uniswap-v3-usdc-weth-2024-01-05/${path}`)
  const cols = header!.split(',')
  const at = (cells: string[], name: string) => cells[cols.indexOf(name)]!
  return rest.map((l) => {
    const c = l.split(',')
    return {
      block: BigInt(at(c, 'block_number')),
      timestamp: BigInt(Date.parse(`${at(c, 'block_timestamp').replace(' ', 'T')}Z`) / 1000),
      type: at(c, 'tx_type'),
      sqrtPriceX96: BigInt(at(c, 'sqrtPriceX96')),
      liquidity: BigInt(at(c, 'total_liquidity')),
    }
  })
}
const pool500 = v3Rows('ethereum-0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640-2024-01-05.tick.csv')
const pool3000 = v3Rows('ethereum-0x8ad599c3a0ff1de082011efddc58f1908eb6e6d8-2024-01-05.pool.tick.csv')
/** The block's last row when it is a SWAP (its event carries the end-of-block price and liquidity). */
const lastSwapOf = (rows: V3Row[], block: bigint) => {
  const inBlock = rows.filter((r) => r.block === block)
  const last = inBlock[inBlock.length - 1]
  return last?.type === 'SWAP' ? last : undefined
}

const hex = (n: bigint) => `0x${n.toString(16)}` as Hex
const GET_RESERVES = encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'getReserves' })
const SLOT0 = encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'slot0' })
const LIQUIDITY = encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'liquidity' })

// A 1,000-block sub-window (the full window is built by bench/realHistory.ts), plus the window's last blocks.
const FROM = 18_937_382n
const TO = 18_938_381n

describe('createRealHistorySource (real-usdc-weth-2024-01-05)', () => {
  let source: ReenactedSource
  beforeAll(async () => {
    source = await createRealHistorySource({ name: 'real-usdc-weth-2024-01-05', from: FROM, to: TO })
  }, 180_000)
  afterAll(async () => {
    await source?.close()
  })

  const pools = () => {
    const [v2, v3a, v3b] = source.manifest.pools
    return { v2: v2!.address, v3_500: v3a!.address, v3_3000: v3b!.address }
  }

  it('maps the mainnet pools to devnet stand-ins in mainnet token order (USDC < WETH)', () => {
    const { manifest } = source
    expect(manifest.pools.map((p) => [p.venue, p.fee])).toEqual([['uniswap-v2', 3000], ['uniswap-v3', 500], ['uniswap-v3', 3000]])
    for (const p of manifest.pools) expect([p.token0, p.token1]).toEqual([manifest.tokens.USDC!.address, manifest.tokens.WETH!.address])
    expect(source.name).toBe(`real-usdc-weth-2024-01-05[${FROM}-${TO}]`)
  })

  it('yields every block with its real number, and the real timestamp wherever the data has one', async () => {
    const known = new Map([...pool500, ...pool3000].map((r) => [r.block, r.timestamp]))
    let expected = FROM
    let checked = 0
    for await (const block of source.blocks()) {
      expect(block.number).toBe(expected)
      const t = known.get(block.number)
      if (t !== undefined) {
        expect(block.timestamp).toBe(t)
        checked++
      }
      expected++
    }
    expect(expected - 1n).toBe(TO)
    expect(checked).toBeGreaterThan(400)
  })

  // 20 sampled blocks: first, last, the blocks with the most 0.05% events, the 0.30% pool's blocks, and a spread.
  const samples = (() => {
    const counts = new Map<bigint, number>()
    for (const r of pool500) if (r.block >= FROM && r.block <= TO) counts.set(r.block, (counts.get(r.block) ?? 0) + 1)
    const busiest = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([b]) => b)
    const p3000 = [...new Set(pool3000.filter((r) => r.block >= FROM && r.block <= TO).map((r) => r.block))].slice(0, 4)
    const spread = Array.from({ length: 8 }, (_, i) => FROM + 1n + (BigInt(i) * (TO - FROM)) / 8n)
    return [...new Set([FROM, TO, ...busiest, ...p3000, ...spread])].sort((a, b) => (a < b ? -1 : 1))
  })()

  it('V2 reserves at 20 sampled blocks equal the CSV exactly (eth_call at the block)', async () => {
    expect(samples.length).toBeGreaterThanOrEqual(20)
    const rpc = createRpcClient(source.rpcUrl)
    const raw = await rpc.batch<Hex[]>(samples.map((b) => ({ method: 'eth_call', params: [{ to: pools().v2, data: GET_RESERVES }, hex(b)] })))
    raw.forEach((r, i) => {
      const [reserve0, reserve1] = decodeFunctionResult({ abi: uniswapV2PairAbi, functionName: 'getReserves', data: r })
      expect({ block: samples[i], reserve0, reserve1 }).toEqual({ block: samples[i], ...v2Rows.get(samples[i]!)! })
    })
  })

  it('V3 sqrtPriceX96 and liquidity equal the CSV at sampled blocks, and carry over blocks without events', async () => {
    const rpc = createRpcClient(source.rpcUrl)
    let compared = 0
    for (const [address, rows] of [[pools().v3_500, pool500], [pools().v3_3000, pool3000]] as const) {
      for (const b of samples) {
        // Expected: the block's last SWAP, or for a block without events the last SWAP before it with no MINT/BURN since.
        let expected = lastSwapOf(rows, b)
        if (!expected && !rows.some((r) => r.block === b)) {
          const before = rows.filter((r) => r.block < b)
          const last = before[before.length - 1]
          if (last?.type === 'SWAP' && last.block >= FROM) expected = last
        }
        if (!expected) continue
        const [s, l] = await rpc.batch<Hex[]>([
          { method: 'eth_call', params: [{ to: address, data: SLOT0 }, hex(b)] },
          { method: 'eth_call', params: [{ to: address, data: LIQUIDITY }, hex(b)] },
        ])
        const slot0 = decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'slot0', data: s! })
        const liquidity = decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'liquidity', data: l! })
        expect({ b, sqrtPriceX96: slot0[0], liquidity, unlocked: slot0[6] }).toEqual({ b, sqrtPriceX96: expected.sqrtPriceX96, liquidity: expected.liquidity, unlocked: true })
        compared++
      }
    }
    expect(compared).toBeGreaterThanOrEqual(20)
  })

  it('a real swap through the stand-in (QuoterV2 at the block) matches the pool math on the CSV state', async () => {
    const block = samples.find((b) => lastSwapOf(pool500, b) && b > FROM)!
    const state = lastSwapOf(pool500, block)!
    const { manifest } = source
    const amountIn = 10n ** 18n // 1 WETH in: token1 → token0, stays inside the active range
    const data = encodeFunctionData({
      abi: quoterV2Abi,
      functionName: 'quoteExactInputSingle',
      args: [{ tokenIn: manifest.tokens.WETH!.address, tokenOut: manifest.tokens.USDC!.address, amountIn, fee: 500, sqrtPriceLimitX96: 0n }],
    })
    const raw = await source.reenactment.anvil.request<Hex>('eth_call', [{ to: manifest.venues['uniswap-v3'].quoter, data }, hex(block)])
    const [amountOut, sqrtPriceAfter] = decodeFunctionResult({ abi: quoterV2Abi, functionName: 'quoteExactInputSingle', data: raw })
    const step = computeSwapStep(state.sqrtPriceX96, MAX_SQRT_RATIO - 1n, state.liquidity, amountIn, 500)
    expect([amountOut, sqrtPriceAfter]).toEqual([step.amountOut, step.sqrtRatioNextX96])
    expect(amountOut).toBeGreaterThan(1_000_000_000n) // over 1,000 USDC: a real price, not a devnet one
  })

  it('a second Anvil forked at a sampled block reads the same pool state', async () => {
    const block = samples.find((b) => lastSwapOf(pool500, b) && b > FROM)!
    const fork = await startAnvil({ forkUrl: source.rpcUrl, forkBlockNumber: block })
    try {
      const call = (to: Hex, data: Hex) => fork.request<Hex>('eth_call', [{ to, data }, 'latest'])
      const [r0, r1] = decodeFunctionResult({ abi: uniswapV2PairAbi, functionName: 'getReserves', data: await call(pools().v2, GET_RESERVES) })
      expect({ reserve0: r0, reserve1: r1 }).toEqual(v2Rows.get(block))
      const slot0 = decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'slot0', data: await call(pools().v3_500, SLOT0) })
      const liquidity = decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'liquidity', data: await call(pools().v3_500, LIQUIDITY) })
      const expected = lastSwapOf(pool500, block)!
      expect([slot0[0], liquidity]).toEqual([expected.sqrtPriceX96, expected.liquidity])
      expect(BigInt(await fork.request<Hex>('eth_blockNumber'))).toBe(block)
    } finally {
      await fork.stop()
    }
  })
})

describe('createRealHistorySource at the end of the window', () => {
  let source: ReenactedSource
  const from = 18_944_431n
  const to = 18_944_480n
  beforeAll(async () => {
    source = await createRealHistorySource({ name: 'real-usdc-weth-2024-01-05', from })
  }, 180_000)
  afterAll(async () => {
    await source?.close()
  })

  it('ends at the last real block with the CSV reserves and V3 state', async () => {
    expect(source.toBlock).toBe(to)
    const rpc = createRpcClient(source.rpcUrl)
    const [v2, , ] = source.manifest.pools
    const [r] = await rpc.batch<Hex[]>([{ method: 'eth_call', params: [{ to: v2!.address, data: GET_RESERVES }, hex(to)] }])
    const [reserve0, reserve1] = decodeFunctionResult({ abi: uniswapV2PairAbi, functionName: 'getReserves', data: r! })
    expect({ reserve0, reserve1 }).toEqual(v2Rows.get(to))
    const last = lastSwapOf(pool500, to)!
    const s = await rpc.request<Hex>('eth_call', [{ to: source.manifest.pools[1]!.address, data: SLOT0 }, hex(to)])
    expect(decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'slot0', data: s })[0]).toBe(last.sqrtPriceX96)
    let blocks = 0
    for await (const b of source.blocks(to - 1n)) blocks += b.number >= to - 1n ? 1 : 0
    expect(blocks).toBe(2)
  })
})
