import { decodeFunctionResult, encodeFunctionData, parseAbi, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uniswapV2PairAbi } from '../../abi/uniswapV2Pair.js'
import { uniswapV3PoolAbi } from '../../abi/uniswapV3Pool.js'
import type { Anvil } from '../../chain/startAnvil.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { DEFAULT_SCENARIO_GAS_LIMIT, generateScenario, type GeneratedScenario } from './generateScenario.js'
import { v2MidPrice, v3MidPrice, weightedMidPrice } from './midPrice.js'
import { v4StateSlot } from '../../universe/v4StateSlot.js'
import { nextBaseFee } from '../../chain/nextBaseFee.js'
import { SCENARIO_GENESIS_TIMESTAMP } from './scenarioAnvilOptions.js'
import { MIN_RIVAL_TIP } from './rivalBid.js'
import { scenarioActors } from './scenarioActors.js'
import { toScenarioPools } from './toScenarioPools.js'

type Header = { number: Hex; hash: Hex; timestamp: Hex; baseFeePerGas: Hex; gasUsed: Hex; gasLimit: Hex; transactions: Hex[] }
const hex = (n: bigint) => `0x${n.toString(16)}`

async function headers(anvil: Anvil, from: bigint, to: bigint): Promise<Header[]> {
  const out: Header[] = []
  for (let n = from; n <= to; n++) out.push(await anvil.request<Header>('eth_getBlockByNumber', [hex(n), false]))
  return out
}

const venueAbi = parseAbi([
  'function getPoolTokens(bytes32) view returns (address[], uint256[], uint256)',
  'function getNormalizedWeights() view returns (uint256[])',
  'function extsload(bytes32 slot) view returns (bytes32)',
])

/** Mid price (token0 in whole token1) of a manifest pool at a block. */
async function poolPrice(g: GeneratedScenario, index: number, block: bigint): Promise<number> {
  const p = toScenarioPools(g.manifest)[index]!
  const call = (to: Hex, data: Hex) => g.anvil.request<Hex>('eth_call', [{ to, data }, hex(block)])
  if (p.kind === 'weighted') {
    const tokens = await call(g.manifest.venues['balancer-v2']!.vault, encodeFunctionData({ abi: venueAbi, functionName: 'getPoolTokens', args: [p.id!] }))
    const [, [balance0, balance1]] = decodeFunctionResult({ abi: venueAbi, functionName: 'getPoolTokens', data: tokens })
    const [weight0, weight1] = decodeFunctionResult({ abi: venueAbi, functionName: 'getNormalizedWeights', data: await call(p.address, encodeFunctionData({ abi: venueAbi, functionName: 'getNormalizedWeights' })) })
    return weightedMidPrice({ balance0: balance0!, balance1: balance1!, weight0: weight0!, weight1: weight1! }, p.decimals0, p.decimals1)
  }
  if (p.venue === 'uniswap-v4') {
    const slot = `0x${v4StateSlot(p.id!).toString(16).padStart(64, '0')}` as Hex
    const word = decodeFunctionResult({ abi: venueAbi, functionName: 'extsload', data: await call(p.address, encodeFunctionData({ abi: venueAbi, functionName: 'extsload', args: [slot] })) })
    return v3MidPrice(BigInt(word) & ((1n << 160n) - 1n), p.decimals0, p.decimals1)
  }
  if (p.kind === 'v2') {
    const data = encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'getReserves' })
    const r = await g.anvil.request<Hex>('eth_call', [{ to: p.address, data }, hex(block)])
    return v2MidPrice(BigInt(`0x${r.slice(2, 66)}`), BigInt(`0x${r.slice(66, 130)}`), p.decimals0, p.decimals1)
  }
  const data = encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'slot0' })
  const r = await g.anvil.request<Hex>('eth_call', [{ to: p.address, data }, hex(block)])
  return v3MidPrice(BigInt(`0x${r.slice(2, 66)}`), p.decimals0, p.decimals1)
}

/** Reference price of a pool (token0 in whole token1) at scenario block i. */
function referencePrice(g: GeneratedScenario, index: number, i: number): number {
  const p = toScenarioPools(g.manifest)[index]!
  return g.pricePath.prices[p.symbol0]![i]! / g.pricePath.prices[p.symbol1]![i]!
}

const findPool = (g: GeneratedScenario, venue: string, a: string, b: string, fee?: number) =>
  toScenarioPools(g.manifest).find(
    (p) => p.venue === venue && [p.symbol0, p.symbol1].sort().join() === [a, b].sort().join() && (fee === undefined || p.fee === fee),
  )!

type FullTx = { hash: Hex; from: Hex; maxPriorityFeePerGas: Hex; maxFeePerGas: Hex }
const RIVAL_BID = 50n * 10n ** 9n

describe('generateScenario', () => {
  const BLOCKS = 50
  let a: GeneratedScenario
  let b: GeneratedScenario
  let c: GeneratedScenario
  let plantPool: Hex

  beforeAll(async () => {
    a = await generateScenario({ scenario: 'volatile', blocks: BLOCKS, seed: 11 })
    b = await generateScenario({ scenario: 'volatile', blocks: BLOCKS, seed: 11 })
    plantPool = findPool(a, 'sushiswap', 'WETH', 'USDC').address
    c = await generateScenario({
      scenario: 'volatile',
      blocks: BLOCKS,
      seed: 12,
      plant: [
        { block: 20, pool: plantPool, sizeBps: 400, rival: { priorityFee: RIVAL_BID } },
        { block: 30, pool: plantPool, sizeBps: 400, rival: null },
      ],
    })
  })
  afterAll(async () => {
    await Promise.all([a, b, c].filter(Boolean).map((g) => g.anvil.stop()))
  })

  it('gives the same block hashes for the same scenario and seed, from genesis to head', async () => {
    // Checked from the most telling difference to the least: what was mined and dropped, then where the two
    // chains part, then the head.
    expect(b.stats).toEqual(a.stats)
    const ha = await headers(a.anvil, 0n, a.head.number)
    const hb = await headers(b.anvil, 0n, b.head.number)
    expect(hb.map((h) => `${Number(h.number)} ${h.hash}`)).toEqual(ha.map((h) => `${Number(h.number)} ${h.hash}`))
    expect(b.head).toEqual(a.head)
    expect(a.head.number).toBe(a.fromBlock + BigInt(BLOCKS) - 1n)
  })

  it('gives different blocks for a different seed', async () => {
    expect(c.head.hash).not.toBe(a.head.hash)
    const [first] = await headers(c.anvil, c.fromBlock, c.fromBlock)
    const [other] = await headers(a.anvil, a.fromBlock, a.fromBlock)
    expect(first!.hash).not.toBe(other!.hash)
  })

  it('steps timestamps by 12 s from the fixed genesis', async () => {
    const hs = await headers(a.anvil, 0n, a.head.number)
    expect(BigInt(hs[0]!.timestamp)).toBe(SCENARIO_GENESIS_TIMESTAMP)
    for (let i = 1; i < hs.length; i++) expect(BigInt(hs[i]!.timestamp) - BigInt(hs[i - 1]!.timestamp)).toBe(12n)
  })

  it('moves the base fee with block fullness (EIP-1559), up and down, without overfull blocks', async () => {
    const hs = await headers(a.anvil, a.fromBlock, a.head.number)
    let fuller = 0
    let emptier = 0
    let rose = 0
    let fell = 0
    for (let i = 0; i < hs.length; i++) {
      const h = hs[i]!
      const used = BigInt(h.gasUsed)
      const limit = BigInt(h.gasLimit)
      expect(limit).toBe(DEFAULT_SCENARIO_GAS_LIMIT)
      expect(used).toBeLessThanOrEqual(limit)
      expect(h.transactions.length).toBeGreaterThan(0)
      if (used > limit / 2n) fuller++
      else emptier++
      if (i === 0) continue
      const prev = hs[i - 1]!
      const expected = nextBaseFee({ baseFee: BigInt(prev.baseFeePerGas), gasUsed: BigInt(prev.gasUsed), gasLimit: BigInt(prev.gasLimit) })
      expect(BigInt(h.baseFeePerGas)).toBe(expected)
      if (expected > BigInt(prev.baseFeePerGas)) rose++
      if (expected < BigInt(prev.baseFeePerGas)) fell++
    }
    expect(fuller).toBeGreaterThan(3)
    expect(emptier).toBeGreaterThan(3)
    expect(rose).toBeGreaterThan(3)
    expect(fell).toBeGreaterThan(3)
    expect(a.stats.overfullBlocks).toBe(0)
  })

  it('mines every planned transaction without a revert', async () => {
    let count = 0
    for (let n = a.fromBlock; n <= a.head.number; n++) {
      const receipts = await a.anvil.request<{ status: Hex }[]>('eth_getBlockReceipts', [hex(n)])
      for (const r of receipts) expect(r.status).toBe('0x1')
      count += receipts.length
    }
    expect(count).toBe(a.stats.transactions)
    expect(a.stats.droppedTransactions).toBe(0)
    expect(count).toBeGreaterThan(10 * BLOCKS)
  })

  it('pulls pools towards the reference path, the V3 0.05% pool faster than SushiSwap', async () => {
    const fast = findPool(a, 'uniswap-v3', 'WETH', 'USDC', 500).index
    const slow = findPool(a, 'sushiswap', 'WETH', 'USDC').index
    let fastGap = 0
    let slowGap = 0
    for (let i = 0; i < BLOCKS; i++) {
      const n = a.fromBlock + BigInt(i)
      fastGap += Math.abs(Math.log((await poolPrice(a, fast, n)) / referencePrice(a, fast, i)))
      slowGap += Math.abs(Math.log((await poolPrice(a, slow, n)) / referencePrice(a, slow, i)))
    }
    expect({ fast: fastGap / BLOCKS, slowerThanFast: slowGap > fastGap }).toMatchObject({ slowerThanFast: true })
    expect(fastGap / BLOCKS).toBeLessThan(0.01)
  })

  it('trades the Balancer and V4 pools too, keeping them near the reference path', async () => {
    const pools = toScenarioPools(a.manifest)
    const others = pools.filter((p) => p.venue === 'balancer-v2' || p.venue === 'uniswap-v4')
    expect(others.map((p) => p.venue).sort()).toEqual([...Array(4).fill('balancer-v2'), ...Array(4).fill('uniswap-v4')])
    let moved = 0
    for (const p of others) {
      if ((await poolPrice(a, p.index, a.head.number)) !== (await poolPrice(a, p.index, a.fromBlock - 1n))) moved++
      let gap = 0
      for (let i = 0; i < BLOCKS; i += 5) gap += Math.abs(Math.log((await poolPrice(a, p.index, a.fromBlock + BigInt(i))) / referencePrice(a, p.index, i)))
      expect(gap / (BLOCKS / 5), `${p.venue} ${p.symbol0}/${p.symbol1} mean gap to the reference`).toBeLessThan(0.02)
    }
    // The thinnest (V4 LTB/WETH, 1% fee, about 0.6% of the noise flow) may see no trade in 50 blocks.
    expect(moved).toBeGreaterThanOrEqual(7)
  })

  it('trades both TAX/WETH pairs (taxed 5% per transfer) through the fee-on-transfer router, near TAX\'s reference path', async () => {
    expect(a.manifest.tokens.TAX).toMatchObject({ transferTaxBps: 500 })
    const taxed = toScenarioPools(a.manifest).filter((p) => p.symbol0 === 'TAX' || p.symbol1 === 'TAX')
    expect(taxed.map((p) => `${p.venue} ${p.transferTaxBps?.join('/')}`).sort()).toEqual(
      ['sushiswap', 'uniswap-v2'].map((v) => `${v} ${taxed[0]!.symbol0 === 'TAX' ? '500/0' : '0/500'}`),
    )
    for (const p of taxed) {
      // Swap(address,uint256,uint256,uint256,uint256,address) events of the pair: each a mined (never reverted) trade.
      const logs = await a.anvil.request<unknown[]>('eth_getLogs', [
        { address: p.address, fromBlock: hex(a.fromBlock), toBlock: hex(a.head.number), topics: ['0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822'] },
      ])
      expect(logs.length, `${p.venue} TAX/WETH swaps`).toBeGreaterThan(0)
      const gap = Math.abs(Math.log((await poolPrice(a, p.index, a.head.number)) / referencePrice(a, p.index, BLOCKS - 1)))
      expect(gap, `${p.venue} TAX/WETH gap to the reference at the head`).toBeLessThan(0.1)
    }
  })

  it('orders every block by effective priority fee: rivals’ backruns at the top, highest bid first', async () => {
    let rivals = 0
    let blocksLed = 0
    for (let n = a.fromBlock; n <= a.head.number; n++) {
      const block = await a.anvil.request<{ baseFeePerGas: Hex; transactions: FullTx[] }>('eth_getBlockByNumber', [hex(n), true])
      const baseFee = BigInt(block.baseFeePerGas)
      const tips = block.transactions.map((t) => {
        const tip = BigInt(t.maxPriorityFeePerGas)
        const cap = BigInt(t.maxFeePerGas) - baseFee
        return tip < cap ? tip : cap
      })
      for (let k = 1; k < tips.length; k++) expect(tips[k]).toBeLessThan(tips[k - 1]!)
      const isRival = block.transactions.map((t) => t.from.toLowerCase() === scenarioActors.competitor)
      const count = isRival.filter(Boolean).length
      expect(isRival.slice(0, count).every(Boolean)).toBe(true)
      for (const [k, tip] of tips.entries()) expect(tip >= MIN_RIVAL_TIP).toBe(isRival[k])
      rivals += count
      if (count > 0) blocksLed++
    }
    expect(rivals).toBe(a.stats.rivalBackruns)
    expect(blocksLed).toBeGreaterThan(3)
    expect(a.stats.maxRivalBid).toBeGreaterThan(MIN_RIVAL_TIP)
  })

  it('plants a rival backrun with the requested bid, or none, in the block after a plant', async () => {
    const [withRival, alone] = c.planted
    expect(withRival!.rival?.priorityFee).toBe(RIVAL_BID)
    const next = await c.anvil.request<{ transactions: FullTx[] }>('eth_getBlockByNumber', [hex(withRival!.blockNumber + 1n), true])
    // Among the block's rivals, by its bid: after those bidding more, before everything else.
    const k = next.transactions.findIndex((t) => t.hash === withRival!.rival!.hash)
    expect(BigInt(next.transactions[k]!.maxPriorityFeePerGas)).toBe(RIVAL_BID)
    for (const t of next.transactions.slice(0, k)) expect(BigInt(t.maxPriorityFeePerGas)).toBeGreaterThan(RIVAL_BID)
    for (const t of next.transactions.slice(k + 1)) expect(BigInt(t.maxPriorityFeePerGas)).toBeLessThan(RIVAL_BID)
    // The rival took the pool most of the way back to the reference (the rest of the block trades it too).
    const index = toScenarioPools(c.manifest).findIndex((p) => p.address === plantPool)
    const gapAt = async (i: number) => Math.abs(Math.log((await poolPrice(c, index, c.fromBlock + BigInt(i))) / referencePrice(c, index, i)))
    expect(await gapAt(20)).toBeGreaterThan(0.05)
    expect(await gapAt(21)).toBeLessThan(0.02)
    expect(alone!.rival).toBeUndefined()
  })

  it('plants a one-sided trade at the requested block and reports where it landed', async () => {
    expect(c.planted).toHaveLength(2)
    const [planted] = c.planted
    expect(planted!.blockNumber).toBe(c.fromBlock + 20n)
    expect(planted!.pool).toBe(plantPool)
    expect(planted!.zeroForOne).toBe(true)
    // The skewed pair now sits several percent away from the same pair on the other V2 venue.
    const index = toScenarioPools(c.manifest).findIndex((p) => p.address === plantPool)
    const other = findPool(c, 'uniswap-v2', 'WETH', 'USDC').index
    const before = Math.log((await poolPrice(c, index, planted!.blockNumber - 1n)) / (await poolPrice(c, other, planted!.blockNumber - 1n)))
    const after = Math.log((await poolPrice(c, index, planted!.blockNumber)) / (await poolPrice(c, other, planted!.blockNumber)))
    expect(Math.abs(before)).toBeLessThan(0.02)
    expect(Math.abs(after)).toBeGreaterThan(0.05)
  })
})

describe('generateScenario arguments', () => {
  it('names the argument in a ConfigError, before starting anything', async () => {
    await expect(generateScenario({ scenario: 'meteor', blocks: 10, seed: 1 })).rejects.toMatchObject({ name: 'ConfigError', field: 'scenario' })
    await expect(generateScenario({ scenario: 'calm', blocks: 0, seed: 1 })).rejects.toMatchObject({ name: 'ConfigError', field: 'blocks' })
    await expect(generateScenario({ scenario: 'calm', blocks: -5, seed: 1 })).rejects.toMatchObject({ field: 'blocks' })
    await expect(generateScenario({ scenario: 'calm', blocks: 2.5, seed: 1 })).rejects.toMatchObject({ field: 'blocks' })
    await expect(generateScenario({ scenario: 'calm', blocks: 10, seed: -1 })).rejects.toBeInstanceOf(ConfigError)
  })

  it('rejects a plant on a pool that is not in the devnet', async () => {
    const err = await generateScenario({
      scenario: 'calm',
      blocks: 5,
      seed: 1,
      plant: [{ block: 1, pool: '0x000000000000000000000000000000000000dead', sizeBps: 100 }],
    }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ConfigError)
    expect((err as ConfigError).field).toBe('plant[0].pool')
  })

  it('rejects a planted rival bid below the minimum rival tip, or after the last block, before starting anything', async () => {
    const pool = '0x000000000000000000000000000000000000dead' as const
    const field = async (rival: { priorityFee: bigint }, block: number) =>
      ((await generateScenario({ scenario: 'calm', blocks: 5, seed: 1, plant: [{ block, pool, sizeBps: 100, rival }] }).catch((e: unknown) => e)) as ConfigError).field
    expect(await field({ priorityFee: 10n ** 9n }, 1)).toBe('plant[0].rival.priorityFee')
    expect(await field({ priorityFee: MIN_RIVAL_TIP }, 4)).toBe('plant[0].rival')
  })
})
