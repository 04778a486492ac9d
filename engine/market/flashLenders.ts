import type { Address } from './types.js'

/** Where a flash loan can come from: Aave V3's Pool, Balancer V2's Vault, or Uniswap V4's PoolManager (flash accounting). */
export type FlashSource = 'aave-v3' | 'balancer-v2' | 'uniswap-v4'

/**
 * One flash lender at a block: how much of each token it can lend now and what it charges. `feeRate` is Aave's
 * premium in basis points (FLASHLOAN_PREMIUM_TOTAL), Balancer's flash-loan fee percentage (18 decimals, from the
 * ProtocolFeesCollector), 0 for V4.
 */
export type FlashLender = { source: FlashSource; lender: Address; available: ReadonlyMap<Address, bigint>; feeRate: bigint }
