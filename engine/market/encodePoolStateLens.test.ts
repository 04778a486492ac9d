import { describe, expect, it } from 'vitest'
import { decodeDeployData, type Hex } from 'viem'
import { poolStateLensAbi } from '../abi/poolStateLens.js'
import { encodePoolStateLens, MAX_LENS_OUTPUT_WORDS } from './encodePoolStateLens.js'
import { loadArtifact } from '../devnet/loadArtifact.js'
import type { Address } from './types.js'

const { bytecode } = loadArtifact('PoolStateLens')
const addresses = (n: number, from: number) => Array.from({ length: n }, (_, i) => `0x${(from + i).toString(16).padStart(40, '0')}` as Address)
const lower = (list: readonly string[]) => list.map((a) => a.toLowerCase())
const decode = (data: Hex) => {
  const [pairs, pools] = decodeDeployData({ abi: poolStateLensAbi, bytecode, data }).args
  return [lower(pairs), lower(pools)] as const
}

describe('encodePoolStateLens', () => {
  it('is one call of creation code plus (v2Pairs, v3Pools) for a usual pool list', () => {
    const [pairs, pools] = [addresses(18, 1), addresses(7, 100)]
    const calls = encodePoolStateLens(bytecode, pairs, pools)
    expect(calls).toHaveLength(1)
    expect(calls[0]!.startsWith(bytecode)).toBe(true)
    expect(decode(calls[0]!)).toEqual([pairs, pools])
  })

  it('splits a long list so no call returns more than 768 words, keeping pairs then pools in order', () => {
    const [pairs, pools] = [addresses(500, 1), addresses(300, 1000)]
    const calls = encodePoolStateLens(bytecode, pairs, pools)
    expect(calls.length).toBeGreaterThan(1)
    const decoded = calls.map(decode)
    for (const [p, q] of decoded) expect(2 * p.length + 3 * q.length).toBeLessThanOrEqual(MAX_LENS_OUTPUT_WORDS)
    expect(decoded.flatMap(([p]) => p)).toEqual(pairs)
    expect(decoded.flatMap(([, q]) => q)).toEqual(pools)
  })

  it('is no call for no pools', () => {
    expect(encodePoolStateLens(bytecode, [], [])).toEqual([])
  })
})
