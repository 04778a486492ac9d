import { describe, expect, it } from 'vitest'
import { keccak256 } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { effectivePriorityFee } from './effectivePriorityFee.js'
import { formatInclusion, landingLookahead } from './InclusionModel.js'
import { landingPosition } from './landingPosition.js'
import { outcomeOf } from './outcomeOf.js'
import { parseInclusion } from './parseInclusion.js'
import { replayableTransactions, type RpcTransaction } from './replayableTransactions.js'

describe('parseInclusion / formatInclusion', () => {
  it('round-trips every form and refuses anything else', () => {
    for (const text of ['top', 'delay:1', 'delay:7200', 'priority', 'index:0', 'index:12', 'end']) expect(formatInclusion(parseInclusion(text)!)).toBe(text)
    for (const bad of ['', 'TOP', 'delay', 'delay:0', 'delay:-1', 'delay:7201', 'index:x', 'first', 'priority:1']) expect(parseInclusion(bad)).toBeUndefined()
    expect(landingLookahead({ kind: 'delay', blocks: 3 })).toBe(3)
    expect(landingLookahead({ kind: 'top' })).toBe(0)
    expect(landingLookahead({ kind: 'priority' })).toBe(1)
  })
})

describe('landingPosition', () => {
  const tips = [50n, 20n, 20n, 5n]
  it('priority: before the first transaction paying less per gas; ties stay ahead', () => {
    expect(landingPosition({ kind: 'priority' }, tips, 100n)).toBe(0)
    expect(landingPosition({ kind: 'priority' }, tips, 20n)).toBe(3)
    expect(landingPosition({ kind: 'priority' }, tips, 21n)).toBe(1)
    expect(landingPosition({ kind: 'priority' }, tips, 1n)).toBe(4)
    expect(landingPosition({ kind: 'priority' }, [], 1n)).toBe(0)
  })
  it('index:K is capped at the end; end is last', () => {
    expect(landingPosition({ kind: 'index', index: 2 }, tips, 0n)).toBe(2)
    expect(landingPosition({ kind: 'index', index: 99 }, tips, 0n)).toBe(4)
    expect(landingPosition({ kind: 'end' }, tips, 10n ** 18n)).toBe(4)
  })
})

describe('effectivePriorityFee and outcomeOf', () => {
  it('caps an EIP-1559 tip at maxFee − baseFee and never goes below 0', () => {
    expect(effectivePriorityFee({ maxFeePerGas: '0x64', maxPriorityFeePerGas: '0xa' }, 50n)).toBe(10n)
    expect(effectivePriorityFee({ maxFeePerGas: '0x3c', maxPriorityFeePerGas: '0xa' }, 55n)).toBe(5n)
    expect(effectivePriorityFee({ gasPrice: '0x64' }, 70n)).toBe(30n)
    expect(effectivePriorityFee({ gasPrice: '0x10' }, 70n)).toBe(0n)
  })
  it('names how a trade fared', () => {
    expect(outcomeOf({ success: true, realizedProfit: 10n, simulatedProfit: 10n, rival: null })).toBe('won')
    expect(outcomeOf({ success: true, realizedProfit: 9n, simulatedProfit: 10n, rival: '0x01' })).toBe('shrunk')
    expect(outcomeOf({ success: false, realizedProfit: 0n, simulatedProfit: 10n, rival: '0x01' })).toBe('outbid')
    expect(outcomeOf({ success: false, realizedProfit: 0n, simulatedProfit: 10n, rival: null })).toBe('reverted')
  })
})

describe('replayableTransactions', () => {
  const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d')
  it('re-serializes signed EIP-1559 and legacy transactions to the bytes whose hash the block names; refuses blobs', async () => {
    const eip1559 = await account.signTransaction({ type: 'eip1559', chainId: 1, nonce: 7, to: account.address, value: 5n, gas: 21_000n, maxFeePerGas: 30n * 10n ** 9n, maxPriorityFeePerGas: 10n ** 9n, data: '0xabcd' })
    const legacy = await account.signTransaction({ type: 'legacy', chainId: 1, nonce: 8, to: account.address, value: 0n, gas: 21_000n, gasPrice: 20n * 10n ** 9n })
    const { parseTransaction } = await import('viem')
    const asRpc = (raw: `0x${string}`, type: `0x${string}`): RpcTransaction => {
      const t = parseTransaction(raw)
      const hex = (n: bigint | number | undefined) => (n === undefined ? undefined : (`0x${BigInt(n).toString(16)}` as `0x${string}`))
      return {
        hash: keccak256(raw),
        type,
        nonce: hex(t.nonce ?? 0)!,
        to: t.to ?? null,
        value: hex(t.value ?? 0n)!,
        input: t.data ?? '0x',
        gas: hex(t.gas)!,
        gasPrice: hex(t.gasPrice),
        maxFeePerGas: hex(t.maxFeePerGas),
        maxPriorityFeePerGas: hex(t.maxPriorityFeePerGas),
        chainId: hex(t.chainId),
        accessList: type === '0x2' ? [] : undefined,
        v: hex(t.v),
        r: t.r!,
        s: t.s!,
        yParity: hex(t.yParity),
      }
    }
    const [a, b, blob] = replayableTransactions([asRpc(eip1559, '0x2'), asRpc(legacy, '0x0'), { ...asRpc(eip1559, '0x2'), type: '0x3' }])
    expect(a).toEqual({ hash: keccak256(eip1559), raw: eip1559 })
    expect(b).toEqual({ hash: keccak256(legacy), raw: legacy })
    expect(blob).toMatchObject({ raw: null, reason: expect.stringMatching(/type 0x3/) })
  })
})
