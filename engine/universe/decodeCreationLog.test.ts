import { describe, expect, it } from 'vitest'
import { encodeAbiParameters, encodeEventTopics, zeroAddress, type Hex } from 'viem'
import { initializeEvent, pairCreatedEvent, poolRegisteredEvent } from './creationEvents.js'
import { decodeCreationLog } from './decodeCreationLog.js'
import type { RpcLog } from './fetchLogs.js'

const manager = '0x000000000004444c5dc75cb358380d2e3de08a90'
const a = '0x1111111111111111111111111111111111111111'
const b = '0x2222222222222222222222222222222222222222'
const hooks = '0x00000000000000000000000000000000000000c0'
const id = `0x${'ab'.repeat(32)}` as Hex

const log = (address: string, topics: Hex[], data: Hex): RpcLog => ({ address: address as Hex, topics, data, blockNumber: '0x10', transactionHash: `0x${'01'.repeat(32)}`, logIndex: '0x0' })
const initialize = (currency0: string, fee: number, hooksAddress: string) =>
  log(
    manager,
    encodeEventTopics({ abi: [initializeEvent], eventName: 'Initialize', args: { id, currency0: currency0 as Hex, currency1: b } }) as Hex[],
    encodeAbiParameters([{ type: 'uint24' }, { type: 'int24' }, { type: 'address' }, { type: 'uint160' }, { type: 'int24' }], [fee, 60, hooksAddress as Hex, 2n ** 96n, 0]),
  )
const v4 = { venue: 'uniswap-v4', kind: 'v4', emitter: manager } as const

describe('decodeCreationLog', () => {
  it('lists V4 pools with hooks, dynamic fees or native ether, flagged so routes leave them out', () => {
    expect(decodeCreationLog(initialize(a, 3000, zeroAddress), v4, 30)).toMatchObject({ poolId: id, address: manager, tokens: [a, b], fee: 3000, tickSpacing: 60, excludedReason: null })
    expect(decodeCreationLog(initialize(a, 3000, hooks), v4, 30)).toMatchObject({ hooks, excludedReason: 'hooks' })
    expect(decodeCreationLog(initialize(a, 0x800000, zeroAddress), v4, 30)).toMatchObject({ fee: null, poolType: 'dynamic-fee' })
    expect(decodeCreationLog(initialize(zeroAddress, 500, zeroAddress), v4, 30)).toMatchObject({ excludedReason: 'native-currency' })
  })

  it('reads V2 pairs with the venue fee, and Balancer pools without tokens (the Vault lists them)', () => {
    const pair = '0x3333333333333333333333333333333333333333'
    const v2 = log(a, encodeEventTopics({ abi: [pairCreatedEvent], eventName: 'PairCreated', args: { token0: a, token1: b } }) as Hex[], encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [pair, 1n]))
    expect(decodeCreationLog(v2, { venue: 'sushiswap', kind: 'v2', emitter: a }, 30)).toMatchObject({ poolId: pair, fee: 3000, tokens: [a, b] })
    const reg = log(b, encodeEventTopics({ abi: [poolRegisteredEvent], eventName: 'PoolRegistered', args: { poolId: id, poolAddress: pair } }) as Hex[], encodeAbiParameters([{ type: 'uint8' }], [2]))
    expect(decodeCreationLog(reg, { venue: 'balancer-v2', kind: 'balancer', emitter: b }, 30)).toMatchObject({ poolId: id, address: pair, tokens: [], poolType: 'specialization-2' })
    // Another event of the emitter is not a pool.
    expect(decodeCreationLog(reg, { venue: 'uniswap-v2', kind: 'v2', emitter: b }, 30)).toBeNull()
  })
})
