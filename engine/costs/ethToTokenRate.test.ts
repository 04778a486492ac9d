import { describe, expect, it } from 'vitest'
import type { Address, MarketState, V2Pool, V3Pool } from '../market/types.js'
import { ethToTokenRate } from './ethToTokenRate.js'
import { convert } from './price.js'

const usdc = '0x0000000000000000000000000000000000000001' as Address
const weth = '0x0000000000000000000000000000000000000002' as Address
const dai = '0x0000000000000000000000000000000000000003' as Address
const state = (pools: (V2Pool | V3Pool)[]): MarketState => ({ blockNumber: 1n, timestamp: 0n, baseFee: 0n, tokens: new Map(), pools })
const v2 = (address: Address, reserve0: bigint, reserve1: bigint): V2Pool => ({ kind: 'v2', address, venue: 'uniswap-v2', token0: usdc, token1: weth, reserve0, reserve1, feeBps: 30 })

describe('ethToTokenRate', () => {
  it('is one for WETH', () => {
    expect(ethToTokenRate(state([]), weth, weth)).toEqual({ num: 1n, den: 1n })
  })
  it('uses the V2 pair with the most WETH', () => {
    const s = state([v2('0x00000000000000000000000000000000000000a1', 3_000n * 10n ** 6n, 10n ** 18n), v2('0x00000000000000000000000000000000000000a2', 2_000_000n * 10n ** 6n, 1_000n * 10n ** 18n)])
    const r = ethToTokenRate(s, weth, usdc)!
    expect(convert(10n ** 18n, r)).toBe(2_000n * 10n ** 6n)
  })
  it('falls back to a V3 pool price, exactly', () => {
    // token0 = usdc, token1 = weth; price token1/token0 = 1/2000 * 1e12 (decimals) -> sqrtP = sqrt(5e8) * 2^96
    const sqrtPriceX96 = 1771595571142957166518320255467520n // ≈ sqrt(5e8) * 2^96
    const pool: V3Pool = { kind: 'v3', address: '0x00000000000000000000000000000000000000b1', venue: 'uniswap-v3', token0: usdc, token1: weth, fee: 500, tickSpacing: 10, sqrtPriceX96, tick: 0, liquidity: 10n ** 18n, ticks: [] }
    const r = ethToTokenRate(state([pool]), weth, usdc)!
    const usdcPerEth = convert(10n ** 18n, r)
    expect(usdcPerEth).toBe((10n ** 18n * (1n << 192n)) / (sqrtPriceX96 * sqrtPriceX96))
    expect(Number(usdcPerEth) / 1e6).toBeCloseTo(2000, 0)
  })
  it('is null without a pool pairing the tokens', () => {
    expect(ethToTokenRate(state([v2('0x00000000000000000000000000000000000000a1', 1n, 1n)]), weth, dai)).toBeNull()
  })
})
