import { describe, expect, it } from 'vitest'
import { immutablePin, isImmutableAnswer } from './immutableCall.js'

const A = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'
const HASH = `0x${'ab'.repeat(32)}`

describe('immutablePin / isImmutableAnswer', () => {
  it('pins reads at a block number or by hash, never at a moving tag', () => {
    expect(immutablePin({ method: 'eth_getStorageAt', params: [A, '0x8', '0x10'] })).toEqual({ block: 16n })
    expect(immutablePin({ method: 'eth_call', params: [{ to: A, data: '0x' }, { blockNumber: '0x20' }] })).toEqual({ block: 32n })
    expect(immutablePin({ method: 'eth_call', params: [{ to: A, data: '0x' }, { blockHash: HASH }] })).toEqual({ hash: true })
    expect(immutablePin({ method: 'debug_traceCall', params: [{ to: A }, '0x5', { tracer: 'callTracer' }] })).toEqual({ block: 5n })
    expect(immutablePin({ method: 'eth_getLogs', params: [{ fromBlock: '0x1', toBlock: '0x9' }] })).toEqual({ block: 9n })
    expect(immutablePin({ method: 'eth_getTransactionReceipt', params: [HASH] })).toEqual({ hash: true })
    for (const tag of ['latest', 'pending', 'safe', 'finalized', 'earliest']) {
      expect(immutablePin({ method: 'eth_getBalance', params: [A, tag] })).toBeUndefined()
      expect(immutablePin({ method: 'eth_getBlockByNumber', params: [tag, false] })).toBeUndefined()
    }
    expect(immutablePin({ method: 'eth_call', params: [{ to: A, data: '0x' }] })).toBeUndefined() // no block: latest
    expect(immutablePin({ method: 'eth_getLogs', params: [{ fromBlock: '0x1', toBlock: 'latest' }] })).toBeUndefined()
    expect(immutablePin({ method: 'eth_blockNumber', params: [] })).toBeUndefined()
    expect(immutablePin({ method: 'eth_sendRawTransaction', params: ['0x00'] })).toBeUndefined()
  })

  it('keeps real answers at final blocks only: no nulls, no errors but reverts, nothing newer than the final block', () => {
    const at = (block: string) => ({ method: 'eth_getBlockByNumber', params: [block, false] })
    expect(isImmutableAnswer(at('0x10'), { block: 16n }, { result: { number: '0x10' } }, 20n)).toBe(true)
    expect(isImmutableAnswer(at('0x10'), { block: 16n }, { result: { number: '0x10' } }, 15n)).toBe(false)
    expect(isImmutableAnswer(at('0x10'), { block: 16n }, { result: null }, 20n)).toBe(false)
    const call = { method: 'eth_call', params: [{ to: A }, '0x10'] }
    expect(isImmutableAnswer(call, { block: 16n }, { error: { code: 3, message: 'execution reverted', data: '0x' } }, 20n)).toBe(true)
    expect(isImmutableAnswer(call, { block: 16n }, { error: { code: -32000, message: 'header not found' } }, 20n)).toBe(false)
    expect(isImmutableAnswer(call, { block: 16n }, { error: { code: 429, message: 'rate limited' } }, 20n)).toBe(false)
    const receipt = { method: 'eth_getTransactionReceipt', params: [HASH] }
    expect(isImmutableAnswer(receipt, { hash: true }, { result: { blockNumber: '0x12' } }, 20n)).toBe(true)
    expect(isImmutableAnswer(receipt, { hash: true }, { result: { blockNumber: '0x15' } }, 20n)).toBe(false) // too recent
    expect(isImmutableAnswer(receipt, { hash: true }, { result: null }, 20n)).toBe(false) // not mined yet
  })
})
