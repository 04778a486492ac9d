import type { Address, Hex } from 'viem'
import { ScenarioError } from '../../errors/ScenarioError.js'
import type { DevnetToken } from '../../devnet/devnetPlan.js'
import type { VenueName } from '../../devnet/manifest.js'

/** The tokens scenario pools trade: the devnet's seven, and the taxed screening case TAX (5% per transfer). */
export type ScenarioToken = DevnetToken | 'TAX'

/**
 * Reference USD prices at a block: every devnet token, and TAX when the scenario trades it. Read them with
 * `referencePrice`, which names a missing token.
 */
export type ReferencePrices = Record<DevnetToken, number> & Partial<Record<'TAX', number>>

/** The venues scenario actors trade on: every venue of the devnet. */
export type ScenarioVenue = VenueName

/** A manifest pool with what the scenario model needs to trade it. */
export type ScenarioPool = {
  /** Position in `manifest.pools`. */
  index: number
  address: Address
  venue: ScenarioVenue
  /**
   * The pool's curve: constant product (V2 pairs), concentrated liquidity (V3 and V4 pools, which share
   * their math and slot0 layout) or a Balancer V2 two-token weighted pool.
   */
  kind: 'v2' | 'v3' | 'weighted'
  /** Pips (3000 = 0.30%); a weighted pool's swap fee in pips too. */
  fee: number
  /** Balancer pool id or V4 PoolId (the manifest's `id`); V4 pools share the PoolManager's `address`. */
  id?: Hex
  /** V4 tick spacing (the pool key's). */
  tickSpacing?: number
  /** The Balancer Vault holding a weighted pool's balances. */
  vault?: Address
  token0: Address
  token1: Address
  symbol0: ScenarioToken
  symbol1: ScenarioToken
  decimals0: number
  decimals1: number
  /**
   * A V2 pair of a taxed token: each side's constant transfer tax in bps (the manifest's `transferTaxBps`); what
   * the pair receives and what it sends are both taxed once.
   */
  transferTaxBps?: readonly [number, number]
}

/** A pool's state at the start of a block, as read from the node. */
export type PoolState =
  | { kind: 'v2'; reserve0: bigint; reserve1: bigint }
  | { kind: 'v3'; sqrtPriceX96: bigint; tick: number; liquidity: bigint }
  /** A weighted pool's Vault balances and normalized weights (18 decimals, summing to 1e18). */
  | { kind: 'weighted'; balance0: bigint; balance1: bigint; weight0: bigint; weight1: bigint }

/** Who sends a transaction; each role is one of DEFAULT_MNEMONIC's dev accounts. */
export type Role = 'noise' | 'informed' | 'competitor' | 'lp' | 'planter'

/** One thing a participant does in a block; `encodeAction` turns it into one or more transactions. */
export type Action =
  | { type: 'v2-swap'; role: Role; pool: number; zeroForOne: boolean; amountIn: bigint; amountOut: bigint }
  | { type: 'v3-swap'; role: Role; pool: number; zeroForOne: boolean; amountIn: bigint; sqrtPriceLimitX96: bigint }
  /** Exact input on a V4 pool through the scenario's V4Swapper, stopped at the limit (0: none). */
  | { type: 'v4-swap'; role: Role; pool: number; zeroForOne: boolean; amountIn: bigint; sqrtPriceLimitX96: bigint }
  /** A GIVEN_IN Vault swap on a weighted pool; `amountOut` is the planned output, sent as the limit. */
  | { type: 'balancer-swap'; role: Role; pool: number; zeroForOne: boolean; amountIn: bigint; amountOut: bigint }
  | { type: 'v2-add'; pool: number; amount0: bigint; amount1: bigint }
  | { type: 'v2-remove'; pool: number; liquidity: bigint }
  | { type: 'v3-add'; pool: number; tickLower: number; tickUpper: number; amount0: bigint; amount1: bigint }
  | { type: 'v3-remove'; pool: number; tokenId: bigint; liquidity: bigint }

/** The liquidity the scenario's LP holds: V2 LP tokens per pool, and V3 positions per pool. */
export type LpBook = {
  v2: Map<number, bigint>
  v3: Map<number, { tokenId: bigint; liquidity: bigint }[]>
}

/**
 * A one-sided trade to plant at a scenario block, for testing that a backtest finds it: `sizeBps` of the
 * pool's reserve (V2) or virtual reserve (V3) of the input token is sold into `pool`.
 */
export type PlantRequest = {
  /** Scenario block index, 0 = the first generated block. */
  block: number
  /** Pool address (any case). */
  pool: Address
  /** Size in basis points of the input side's (virtual) reserve, 1..5000. */
  sizeBps: number
  /** Sell token0 (default) or token1. */
  zeroForOne?: boolean
  /**
   * Who backruns the planted trade at the top of the next block: `{ priorityFee }` (wei per gas, at least
   * `MIN_RIVAL_TIP`, 2 gwei) plants a rival with that bid, who takes the pool back to its fee band; null: nobody
   * does; omitted: the profile's rivals decide, as for any pool.
   */
  rival?: { priorityFee: bigint } | null
}

/** A planted trade as it landed: the block number it was mined in and the pool it skewed. */
export type PlantedTrade = {
  blockNumber: bigint
  pool: Address
  venue: ScenarioVenue
  sizeBps: number
  zeroForOne: boolean
  amountIn: bigint
  /** The rival backrun on this pool mined in the next block, planted or not, with its bid (wei per gas). */
  rival?: { hash: Hex; priorityFee: bigint }
}

/** `reference[symbol]`, or a ScenarioError naming the token the price path has no price for. */
export function referencePrice(reference: ReferencePrices, symbol: ScenarioToken): number {
  const price = reference[symbol]
  if (price === undefined) throw new ScenarioError(`The scenario's reference prices have no ${symbol}`, { step: 'plan' })
  return price
}
