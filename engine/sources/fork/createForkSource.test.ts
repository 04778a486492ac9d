import type { Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getFreePort } from '../../chain/getFreePort.js'
import { startAnvil, type Anvil } from '../../chain/startAnvil.js'
import { mainnetProfile } from '../../devnet/mainnetProfile.js'
import { BaseError } from '../../errors/BaseError.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { RpcError } from '../../errors/RpcError.js'
import type { HistoryBlock } from '../types.js'
import { createForkSource } from './createForkSource.js'
import { validateHeaders, type RpcHeader } from './validateHeaders.js'

// The remote archive is a real Anvil (same JSON-RPC), started at a mainnet-like height with 12 s blocks.
describe('createForkSource', () => {
  let node: Anvil
  const manifest = { ...mainnetProfile, chainId: 31337 }
  beforeAll(async () => {
    node = await startAnvil({ extraArgs: ['--number', '1000000'], timestamp: 1_700_000_000n })
    await node.request('anvil_mine', ['0x12c', '0xc']) // 300 blocks
  })
  afterAll(async () => {
    await node?.stop()
  })

  it('yields the range in order, with the node’s hashes, timestamps and base fees, parent-linked', async () => {
    const source = await createForkSource({ rpcUrl: node.rpcUrl, from: 1_000_010n, to: 1_000_250n, manifest, batchSize: 50 })
    const blocks: HistoryBlock[] = []
    for await (const b of source.blocks()) blocks.push(b)
    expect(blocks.map((b) => b.number)).toEqual(Array.from({ length: 241 }, (_, i) => 1_000_010n + BigInt(i)))
    const real = await node.request<{ hash: Hex; timestamp: Hex; baseFeePerGas: Hex }>('eth_getBlockByNumber', ['0xf4336', false]) // 1,000,246
    expect(blocks[236]).toEqual({ number: 1_000_246n, hash: real.hash, timestamp: BigInt(real.timestamp), baseFee: BigInt(real.baseFeePerGas) })
    expect(blocks[1]!.timestamp - blocks[0]!.timestamp).toBe(12n)
    expect(source.chainId).toBe(31337)
    const resumed: bigint[] = []
    for await (const b of source.blocks(1_000_249n)) resumed.push(b.number)
    expect(resumed).toEqual([1_000_249n, 1_000_250n])
  })

  it('rejects from > to and a range beyond the head as ConfigErrors naming --from/--to', async () => {
    await expect(createForkSource({ rpcUrl: node.rpcUrl, from: 1_000_020n, to: 1_000_010n, manifest })).rejects.toMatchObject({ name: 'ConfigError', field: '--from/--to' })
    const beyond = await createForkSource({ rpcUrl: node.rpcUrl, from: 1_000_000n, to: 2_000_000n, manifest }).catch((e: unknown) => e)
    expect(beyond).toBeInstanceOf(ConfigError)
    expect((beyond as ConfigError).field).toBe('--to')
    expect((beyond as ConfigError).message).toContain('1000300')
  })

  it('an unreachable RPC is an RpcError naming the method and the URL without its key', async () => {
    const port = await getFreePort()
    const url = `http://127.0.0.1:${port}/v2/abcdef0123456789abcdef0123456789`
    const e = await createForkSource({ rpcUrl: url, from: 1n, to: 2n, manifest, retries: 1, rpc: { timeoutMs: 2_000 } }).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(RpcError)
    expect((e as RpcError).method).toMatch(/eth_chainId/)
    expect((e as RpcError).message).toContain(`http://127.0.0.1:${port}/v2/***`)
    expect((e as RpcError).message).not.toContain('abcdef0123456789')
  })

  it('never puts the key in its name', async () => {
    // Anvil ignores a query string, so a keyed URL reaches the same node.
    const source = await createForkSource({ rpcUrl: `${node.rpcUrl}/?apikey=secretkey0123456789abcdef`, from: 1_000_001n, to: 1_000_002n, manifest })
    expect(source.name).not.toContain('secretkey')
    expect(source.name).toContain("?***")
  })
})

describe('validateHeaders', () => {
  const h = (n: number, hash: string, parent: string): RpcHeader => ({
    number: `0x${n.toString(16)}`,
    hash: `0x${hash.repeat(64)}` as Hex,
    parentHash: `0x${parent.repeat(64)}` as Hex,
    timestamp: `0x${(1000 + n * 12).toString(16)}`,
    baseFeePerGas: '0x7',
  })
  it('accepts a linked run and rejects a gap, a wrong number, a missing block and a broken parent link', () => {
    expect(validateHeaders([h(5, 'b', 'a'), h(6, 'c', 'b')], 5n).map((b) => b.number)).toEqual([5n, 6n])
    const fails = (headers: RpcHeader[], first: bigint, previous?: HistoryBlock) => {
      try {
        validateHeaders(headers, first, previous)
      } catch (e) {
        expect(e).toBeInstanceOf(BaseError)
        expect((e as BaseError).retryable).toBe(true)
        return (e as BaseError).shortMessage
      }
      throw new Error('expected a failure')
    }
    expect(fails([h(5, 'b', 'a'), h(7, 'c', 'b')], 5n)).toContain('returned block 7')
    expect(fails([h(5, 'b', 'a'), null], 5n)).toContain('no block 6')
    expect(fails([h(5, 'b', 'a'), h(6, 'c', 'd')], 5n)).toContain('does not extend block 5')
    expect(fails([h(6, 'c', 'd')], 6n, { number: 5n, hash: `0x${'b'.repeat(64)}`, timestamp: 1060n, baseFee: 7n })).toContain('does not extend')
  })
})
