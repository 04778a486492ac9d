import { describe, expect, it } from 'vitest'
import type { FlashLender } from '../market/flashLenders.js'
import type { Address, BalancerWeightedPool, Route, V2Pool } from '../market/types.js'
import { chooseFlashSource } from './chooseFlashSource.js'

const weth = '0x00000000000000000000000000000000000000e1' as Address
const usdc = '0x00000000000000000000000000000000000000c1' as Address
const vault = '0x00000000000000000000000000000000000000ba' as Address
const v2: V2Pool = { kind: 'v2', address: '0x0000000000000000000000000000000000000002', venue: 'uniswap-v2', token0: usdc, token1: weth, reserve0: 1n, reserve1: 1n, feeBps: 30 }
const bal: BalancerWeightedPool = {
  kind: 'balancer', address: '0x0000000000000000000000000000000000000003', venue: 'balancer-v2', poolId: `0x${'03'.repeat(32)}`, vault, token0: usdc, token1: weth,
  balance0: 1n, balance1: 1n, weight0: 5n * 10n ** 17n, weight1: 5n * 10n ** 17n, scaling0: 10n ** 30n, scaling1: 10n ** 18n, swapFee: 3n * 10n ** 15n, powShortcuts: true,
}
const route = (pools: Array<V2Pool | BalancerWeightedPool>): Route => ({
  startToken: weth,
  hops: [
    { pool: pools[0]!, tokenIn: weth, tokenOut: usdc, zeroForOne: false },
    { pool: pools[1]!, tokenIn: usdc, tokenOut: weth, zeroForOne: true },
  ],
})
const lender = (source: FlashLender['source'], lenderAddress: Address, wethAvailable: bigint, feeRate: bigint): FlashLender => ({
  source, lender: lenderAddress, available: new Map([[weth, wethAvailable]]), feeRate,
})
const aave = lender('aave-v3', '0x00000000000000000000000000000000000000aa', 10n ** 24n, 9n)
const balancer = lender('balancer-v2', vault, 10n ** 22n, 0n)
const v4 = lender('uniswap-v4', '0x0000000000000000000000000000000000000044', 10n ** 20n, 0n)

describe('chooseFlashSource', () => {
  it('takes the cheapest lender that holds enough, V4 before Balancer on a tie (less gas)', () => {
    expect(chooseFlashSource(route([v2, v2]), 10n ** 18n, [aave, balancer, v4])).toEqual({ source: 'uniswap-v4', lender: v4.lender, fee: 0n })
    // More than the PoolManager holds: the Vault, still free.
    expect(chooseFlashSource(route([v2, v2]), 10n ** 21n, [aave, balancer, v4])).toEqual({ source: 'balancer-v2', lender: vault, fee: 0n })
    // More than the Vault holds: Aave, at its premium (9 bps, half up).
    expect(chooseFlashSource(route([v2, v2]), 10n ** 23n, [aave, balancer, v4])).toEqual({ source: 'aave-v3', lender: aave.lender, fee: 9n * 10n ** 19n })
    expect(chooseFlashSource(route([v2, v2]), 10n ** 25n, [aave, balancer, v4])).toBeNull()
  })

  it('a Balancer fee above Aave\'s premium loses to Aave', () => {
    const pricey = lender('balancer-v2', vault, 10n ** 22n, 10n ** 16n) // 1%
    expect(chooseFlashSource(route([v2, v2]), 10n ** 21n, [aave, pricey])!.source).toBe('aave-v3')
  })

  it('never borrows from a Vault the route swaps in (BAL#400: one reentrancy lock)', () => {
    expect(chooseFlashSource(route([v2, bal]), 10n ** 21n, [aave, balancer])!.source).toBe('aave-v3')
    expect(chooseFlashSource(route([v2, bal]), 10n ** 18n, [aave, balancer, v4])!.source).toBe('uniswap-v4')
  })
})
