import { describe, expect, it } from 'vitest'
import type { Address, BalancerWeightedPool, V2Pool, V3Pool, V4Pool } from '../market/types.js'
import { describeRoute, encodeRoute } from './encodeRoute.js'

const weth = '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2'.toLowerCase() as Address
const usdc = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48' as Address
const v2: V2Pool = { kind: 'v2', address: '0xb4e16d0168e52d35cacd2c6185b44281ec28c9dc', venue: 'uniswap-v2', token0: usdc, token1: weth, reserve0: 1n, reserve1: 1n, feeBps: 30 }
const v3: V3Pool = { kind: 'v3', address: '0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640', venue: 'uniswap-v3', token0: usdc, token1: weth, fee: 500, tickSpacing: 10, sqrtPriceX96: 1n, tick: 0, liquidity: 1n, ticks: [] }

describe('encodeRoute', () => {
  it('packs 20 + 43 bytes per hop in the contract layout', () => {
    const hex = encodeRoute({
      startToken: weth,
      hops: [
        { pool: v2, tokenIn: weth, tokenOut: usdc, zeroForOne: false },
        { pool: v3, tokenIn: usdc, tokenOut: weth, zeroForOne: true },
      ],
    })
    expect((hex.length - 2) / 2).toBe(20 + 43 * 2)
    const body = hex.slice(2)
    expect(body.slice(0, 40)).toBe(weth.slice(2))
    // hop 1: V2 (bit0 0), oneForZero (bit1 0) -> 0x00, pool, tokenOut, fee 30 = 0x001e
    expect(body.slice(40, 42)).toBe('00')
    expect(body.slice(42, 82)).toBe(v2.address.slice(2))
    expect(body.slice(82, 122)).toBe(usdc.slice(2))
    expect(body.slice(122, 126)).toBe('001e')
    // hop 2: V3 (bit0 1), zeroForOne (bit1 1) -> 0x03, fee ignored -> 0
    expect(body.slice(126, 128)).toBe('03')
    expect(body.slice(128, 168)).toBe(v3.address.slice(2))
    expect(body.slice(168, 208)).toBe(weth.slice(2))
    expect(body.slice(208, 212)).toBe('0000')
  })

  it('describes a route for humans', () => {
    const sym = (a: string) => (a === weth ? 'WETH' : 'USDC')
    expect(describeRoute({ startToken: weth, hops: [{ pool: v2, tokenIn: weth, tokenOut: usdc, zeroForOne: false }, { pool: v3, tokenIn: usdc, tokenOut: weth, zeroForOne: true }] }, sym)).toBe(
      'WETH -[uniswap-v2]-> USDC -[uniswap-v3:500]-> WETH',
    )
  })

  it('packs a Balancer hop (bit2, the pool contract) and a V4 hop (bit3, the PoolManager, then fee and tick spacing)', () => {
    const bal: BalancerWeightedPool = {
      kind: 'balancer', address: '0x5b659e7adb32257447490982164c78e48f9fbdd0', venue: 'balancer-v2', poolId: `0x5b659e7adb32257447490982164c78e48f9fbdd0${'0'.repeat(24)}`,
      vault: '0xba12222222228d8ba445958a75a0704d566bf2c8', token0: usdc, token1: weth, balance0: 1n, balance1: 1n, weight0: 5n * 10n ** 17n, weight1: 5n * 10n ** 17n,
      scaling0: 10n ** 30n, scaling1: 10n ** 18n, swapFee: 3n * 10n ** 15n, powShortcuts: true,
    }
    const v4: V4Pool = {
      kind: 'v4', address: `0x${'ab'.repeat(32)}`, venue: 'uniswap-v4', poolManager: '0x000000000004444c5dc75cb358380d2e3de08a90', token0: usdc, token1: weth,
      fee: 3000, protocolFee: 0, tickSpacing: 60, sqrtPriceX96: 1n, tick: 0, liquidity: 1n, ticks: [],
    }
    const hex = encodeRoute({ startToken: weth, hops: [{ pool: bal, tokenIn: weth, tokenOut: usdc, zeroForOne: false }, { pool: v4, tokenIn: usdc, tokenOut: weth, zeroForOne: true }] })
    expect((hex.length - 2) / 2).toBe(20 + 43 + 49)
    const body = hex.slice(2)
    expect(body.slice(40, 42)).toBe('04')
    expect(body.slice(42, 82)).toBe(bal.address.slice(2))
    expect(body.slice(126, 128)).toBe('0a')
    expect(body.slice(128, 168)).toBe(v4.poolManager.slice(2))
    expect(body.slice(168, 208)).toBe(weth.slice(2))
    expect(body.slice(212, 224)).toBe('000bb800003c')
    const sym = (a: string) => (a === weth ? 'WETH' : 'USDC')
    expect(describeRoute({ startToken: weth, hops: [{ pool: bal, tokenIn: weth, tokenOut: usdc, zeroForOne: false }, { pool: v4, tokenIn: usdc, tokenOut: weth, zeroForOne: true }] }, sym)).toBe(
      'WETH -[balancer-v2:3000]-> USDC -[uniswap-v4:3000]-> WETH',
    )
  })
})
