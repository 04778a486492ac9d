/**
 * Market state types that every strategy reads. A `MarketState` is a snapshot of the pools a run tracks at
 * one block; strategies are pure functions of it. Amounts are `bigint` in token base units throughout.
 */

import type { FlashChoice } from '../costs/chooseFlashSource.js'
import type { FlashLender } from './flashLenders.js'

/** A 20-byte hex address. Always lower-case inside a `MarketState`. */
export type Address = `0x${string}`

/** An ERC-20 token; `decimals` is used only for display. */
export type Token = { address: Address; symbol: string; decimals: number }

/** A constant-product pair (Uniswap V2 or a fork such as SushiSwap). */
export type V2Pool = {
  kind: 'v2'
  address: Address
  /** Venue name, e.g. 'uniswap-v2' or 'sushiswap'. */
  venue: string
  token0: Address
  token1: Address
  reserve0: bigint
  reserve1: bigint
  /** Swap fee in basis points; 30 for Uniswap V2 (997/1000). */
  feeBps: number
  /**
   * Measured transfer tax of token0 and token1 in basis points (a fee-on-transfer token screened with a constant
   * tax, `tokens.transfer_tax_bps`); absent when neither is taxed. Quotes take it off every transfer of the token
   * (`engine/math/transferTax.ts`), and the executor swaps such input from the pair's balance.
   */
  transferTaxBps?: readonly [number, number]
}

/** An initialized tick of a V3 pool (its bit is set in the tick bitmap). */
export type V3Tick = { index: number; liquidityNet: bigint }

/** A Uniswap V3 pool with the state `swap` reads. */
export type V3Pool = {
  kind: 'v3'
  address: Address
  /** Venue name, e.g. 'uniswap-v3'. */
  venue: string
  token0: Address
  token1: Address
  /** Fee in pips (hundredths of a basis point): 500, 3000, 10000. */
  fee: number
  tickSpacing: number
  sqrtPriceX96: bigint
  tick: number
  /** In-range liquidity. */
  liquidity: bigint
  /**
   * Exactly the initialized ticks (bitmap bit set, including any whose liquidityNet is 0), sorted by index.
   * Ticks missing here change the swap's step boundaries, so quotes would differ from the pool's.
   */
  ticks: V3Tick[]
}

/**
 * A two-token Balancer V2 weighted pool, or one token pair of a weighted pool with 3 to 8 tokens (the pool's tokens
 * sit in the Vault). A GIVEN_IN swap of a weighted pool reads only the two tokens it trades, so a pool of N tokens
 * is N·(N−1)/2 of these in a market state, one per pair, each with its `tokenIndices` (`poolKey` tells them apart).
 * Amounts are what the pool's `onSwap` reads: Vault balances, normalized weights and scaling factors (18
 * decimals), the swap fee.
 */
export type BalancerWeightedPool = {
  kind: 'balancer'
  /** The pool contract. */
  address: Address
  /** Venue name, 'balancer-v2'. */
  venue: string
  /** The pool's id in the Vault. */
  poolId: `0x${string}`
  vault: Address
  token0: Address
  token1: Address
  balance0: bigint
  balance1: bigint
  weight0: bigint
  weight1: bigint
  /** `getScalingFactors()`: 10^(18 - decimals) · 1e18, times a rate where the pool has a rate provider. */
  scaling0: bigint
  scaling1: bigint
  /** `getSwapFeePercentage()`, 18 decimals (1e16 = 1%). */
  swapFee: bigint
  /** `FixedPoint.powUp` shortcuts for exponents 1, 2 and 4 (weighted pools from 2022 on; not the 2021 ones). */
  powShortcuts: boolean
  /**
   * Pools with more than two tokens: the indices of token0 and token1 in the pool's token list (the Vault's order,
   * first < second) and the pool's token count. Absent for a two-token pool.
   */
  tokenIndices?: readonly [number, number]
  tokenCount?: number
}

/** A hookless Uniswap V4 pool: an id inside the singleton PoolManager, with V3-style state read from its storage. */
export type V4Pool = {
  kind: 'v4'
  /** The PoolId (32 bytes), which identifies the pool in routes and records (V4 pools have no address). */
  address: `0x${string}`
  /** Venue name, 'uniswap-v4'. */
  venue: string
  poolManager: Address
  token0: Address
  token1: Address
  /** LP fee in pips, as slot0 has it now (a dynamic-fee pool's hook may change it). */
  fee: number
  /** Protocol fee of slot0 (0 unless governance turns it on): 12 bits per direction, in pips. */
  protocolFee: number
  tickSpacing: number
  sqrtPriceX96: bigint
  tick: number
  liquidity: bigint
  /** Exactly the initialized ticks, sorted by index (as for V3). */
  ticks: V3Tick[]
}

export type Pool = V2Pool | V3Pool | BalancerWeightedPool | V4Pool

/** The tracked market at one block. */
export type MarketState = {
  blockNumber: bigint
  timestamp: bigint
  baseFee: bigint
  tokens: Map<Address, Token>
  pools: Pool[]
  /** Flash lenders of the chain with what they can lend at this block (market reader; absent in synthetic states). */
  lenders?: FlashLender[]
}

/** One swap through one pool. `zeroForOne` is true when `tokenIn` is the pool's token0. */
export type Hop = { pool: Pool; tokenIn: Address; tokenOut: Address; zeroForOne: boolean }

/** A chain of hops; for an arbitrage cycle the last hop's `tokenOut` is `startToken`. */
export type Route = { hops: Hop[]; startToken: Address }

/** A sized candidate trade produced by a strategy. */
export type Opportunity = {
  strategy: 'spatial' | 'triangular' | 'multi-hop' | 'two-step'
  /** Sub-kind for reports, e.g. 'v2-v3' or 'cycle-3'. */
  kind: string
  route: Route
  amountIn: bigint
  expectedOut: bigint
  /** Gross profit in start-token base units, before gas (and before any flash fee). */
  expectedProfit: bigint
  blockNumber: bigint
  /** In flash mode, the cheapest lender that can lend `amountIn` of the start token (null: none can). */
  flash?: FlashChoice | null
}
