import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { encodeFunctionData, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uniswapV3PoolAbi } from '../../abi/uniswapV3Pool.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { ScenarioError } from '../../errors/ScenarioError.js'
import type { HistoryBlock } from '../types.js'
import { createScenarioSource, type ScenarioSource } from './createScenarioSource.js'
import { v3MidPrice } from './midPrice.js'
import { readScenarioRecord, toScenarioRecord, writeScenarioRecord, type ScenarioRecord } from './scenarioRecord.js'
import { toScenarioPools } from './toScenarioPools.js'

const BLOCKS = 60

describe('createScenarioSource (crash)', () => {
  let source: ScenarioSource
  let record: ScenarioRecord
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scenario-record-'))
    source = await createScenarioSource({ scenario: 'crash', blocks: BLOCKS, seed: 5 })
    record = toScenarioRecord(source.generated, await source.generated.anvil.request<string>('web3_clientVersion'))
  })
  afterAll(async () => {
    await source?.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('serves each block of the range with its header facts', async () => {
    const blocks: HistoryBlock[] = []
    for await (const b of source.blocks()) blocks.push(b)
    expect(blocks).toHaveLength(BLOCKS)
    expect(blocks[0]!.number).toBe(source.fromBlock)
    expect(blocks.at(-1)!.number).toBe(source.toBlock)
    expect(blocks.at(-1)!.hash).toBe(source.generated.head.hash)
    for (let i = 1; i < blocks.length; i++) {
      expect(blocks[i]!.number).toBe(blocks[i - 1]!.number + 1n)
      expect(blocks[i]!.timestamp).toBe(blocks[i - 1]!.timestamp + 12n)
    }
    const header = await source.generated.anvil.request<{ baseFeePerGas: Hex; hash: Hex }>('eth_getBlockByNumber', [
      `0x${blocks[10]!.number.toString(16)}`,
      false,
    ])
    expect(blocks[10]!.baseFee).toBe(BigInt(header.baseFeePerGas))
    expect(blocks[10]!.hash).toBe(header.hash)
    const tail: bigint[] = []
    for await (const b of source.blocks(source.toBlock - 2n)) tail.push(b.number)
    expect(tail).toEqual([source.toBlock - 2n, source.toBlock - 1n, source.toBlock])
    expect(source.name).toBe(`scenario:crash:seed=5:blocks=${BLOCKS}`)
    expect(source.chainId).toBe(31337)
  })

  it('crashes: the reference and the pools end well below where they started', async () => {
    const path = source.generated.pricePath
    expect(path.prices.WETH[BLOCKS - 1]! / path.prices.WETH[0]!).toBeLessThan(0.75)
    const pool = toScenarioPools(source.manifest).find((p) => p.venue === 'uniswap-v3' && p.fee === 500 && p.symbol0 !== 'USDT')!
    const slot0 = encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'slot0' })
    const priceAt = async (n: bigint) => {
      const r = await source.generated.anvil.request<Hex>('eth_call', [{ to: pool.address, data: slot0 }, `0x${n.toString(16)}`])
      const p = v3MidPrice(BigInt(r.slice(0, 66)), pool.decimals0, pool.decimals1)
      return pool.symbol0 === 'WETH' ? p : 1 / p // USDC per WETH
    }
    expect((await priceAt(source.toBlock)) / (await priceAt(source.fromBlock - 1n))).toBeLessThan(0.8)
  })

  it('regenerates a saved record to the same head hash', async () => {
    const file = join(dir, 'crash.json')
    await writeScenarioRecord(file, record)
    expect(await readScenarioRecord(file)).toEqual(record)
    const again = await createScenarioSource({ record: file })
    try {
      expect(again.generated.head).toEqual(source.generated.head)
      expect(again.fromBlock).toBe(source.fromBlock)
    } finally {
      await again.close()
    }
    expect(again.generated.anvil.isRunning()).toBe(false)
  })

  it('rejects a tampered record with a ScenarioError naming both heads', async () => {
    const tampered = { ...record, head: { ...record.head, hash: `0x${'ab'.repeat(32)}` as Hex } }
    const err = await createScenarioSource({ record: tampered }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ScenarioError)
    expect((err as ScenarioError).step).toBe('verify-record')
    expect((err as Error).message).toContain(record.head.hash)
    expect((err as Error).message).toContain(tampered.head.hash)
    expect((err as Error).message).toMatch(/does not match its record/)
  })

  it('rejects a malformed record file with a ConfigError naming the field', async () => {
    const file = join(dir, 'bad.json')
    await writeFile(file, JSON.stringify({ ...record, scenario: 'meteor' }))
    await expect(createScenarioSource({ record: file })).rejects.toMatchObject({ name: 'ConfigError', field: `${file}.scenario` })
    await writeFile(file, '{ not json')
    await expect(readScenarioRecord(file)).rejects.toBeInstanceOf(ConfigError)
    await expect(readScenarioRecord(join(dir, 'missing.json'))).rejects.toMatchObject({ field: 'record' })
    expect(JSON.parse(await readFile(join(dir, 'crash.json'), 'utf8')).kind).toBe('alphapulse-scenario')
  })
})
