import type { Address, MarketState, Pool, Token, V2Pool, V3Pool, V3Tick } from '../../market/types.js'
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO } from '../../math/v3/constants.js'
import { getTickAtSqrtRatio } from '../../math/v3/getTickAtSqrtRatio.js'

/** Options of `createSyntheticMarket`. */
export type SyntheticMarketOptions = {
  tokens: number
  pools: number
  /** Share of V3 pools (default 0.5). */
  v3Share?: number
  seed?: number
}

/** A deterministic pseudo-random generator in [0, 1) (mulberry32). */
export function createRandom(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const address = (prefix: number, i: number): Address => `0x${prefix.toString(16).padStart(2, '0')}${i.toString(16).padStart(38, '0')}`

/**
 * A consistent synthetic market for tests and benchmarks: each token has a reference value, and every pool
 * (V2 on 'uniswap-v2'/'sushiswap', V3 at 500/3000/10000 pips) is priced exactly at the ratio of its tokens'
 * values, so no cycle beats the fees. Token 0 is a hub that appears in about a third of the pools; pairs
 * repeat across venues so spatial gaps can appear once prices move. Deterministic for a seed.
 */
export function createSyntheticMarket(options: SyntheticMarketOptions): MarketState {
  const random = createRandom(options.seed ?? 1)
  const v3Share = options.v3Share ?? 0.5
  const tokens = new Map<Address, Token>()
  const values: number[] = []
  const tokenList: Token[] = []
  for (let i = 0; i < options.tokens; i++) {
    const decimals = i % 5 === 1 ? 6 : 18
    const token = { address: address(0xa0, i), symbol: `T${i}`, decimals }
    tokens.set(token.address, token)
    tokenList.push(token)
    // Value of one base unit, in a common numeraire: $0.1 .. $3000 per whole token.
    values.push((0.1 * Math.pow(30_000, random())) / 10 ** decimals)
  }

  const pairs: Array<[number, number]> = []
  const pools: Pool[] = []
  for (let p = 0; p < options.pools; p++) {
    let a: number
    let b: number
    if (pairs.length > 0 && random() < 0.35) {
      // Same pair on another venue.
      ;[a, b] = pairs[Math.floor(random() * pairs.length)]!
    } else {
      a = random() < 0.35 ? 0 : Math.floor(random() * options.tokens)
      do b = Math.floor(random() * options.tokens)
      while (b === a)
      pairs.push([a, b])
    }
    const [t0, t1] = tokenList[a]!.address < tokenList[b]!.address ? [a, b] : [b, a]
    const tvl = 1e5 * Math.pow(1e3, random()) // $100k .. $100M
    const reserve0 = tvl / 2 / values[t0]!
    const reserve1 = tvl / 2 / values[t1]!
    const common = { address: address(0xb0, p), token0: tokenList[t0]!.address, token1: tokenList[t1]!.address }
    if (random() < v3Share) {
      const fee = [500, 3000, 10000][Math.floor(random() * 3)]!
      const tickSpacing = fee === 500 ? 10 : fee === 3000 ? 60 : 200
      pools.push(v3PoolAt({ ...common, venue: 'uniswap-v3', fee, tickSpacing }, reserve1 / reserve0, Math.sqrt(reserve0 * reserve1), random))
    } else {
      const venue = random() < 0.5 ? 'uniswap-v2' : 'sushiswap'
      pools.push({ kind: 'v2', ...common, venue, reserve0: BigInt(Math.round(reserve0)), reserve1: BigInt(Math.round(reserve1)), feeBps: 30 })
    }
  }
  return { blockNumber: 1n, timestamp: 1_700_000_000n, baseFee: 10n ** 10n, tokens, pools }
}

function v3PoolAt(
  base: { address: Address; token0: Address; token1: Address; venue: string; fee: number; tickSpacing: number },
  price: number,
  liquidity: number,
  random: () => number,
): V3Pool {
  const sqrtPriceX96 = clampSqrt(BigInt(Math.round(Math.sqrt(price) * 2 ** 96)))
  const tick = getTickAtSqrtRatio(sqrtPriceX96)
  const s = base.tickSpacing
  // Three nested positions around the price, so swaps cross initialized ticks.
  const ticks: V3Tick[] = []
  const add = (lower: number, upper: number, l: bigint): void => {
    ticks.push({ index: lower, liquidityNet: l }, { index: upper, liquidityNet: -l })
  }
  const center = Math.floor(tick / s) * s
  const L = BigInt(Math.round(liquidity / 3))
  add(center - s * (2 + Math.floor(random() * 5)), center + s * (3 + Math.floor(random() * 5)), L)
  add(center - s * (20 + Math.floor(random() * 40)), center + s * (20 + Math.floor(random() * 40)), L)
  add(center - s * 2000, center + s * 2000, L)
  ticks.sort((x, y) => x.index - y.index)
  const pool: V3Pool = { kind: 'v3', ...base, sqrtPriceX96, tick, liquidity: 0n, ticks }
  pool.liquidity = liquidityAt(pool.ticks, tick)
  return pool
}

function clampSqrt(x: bigint): bigint {
  return x < MIN_SQRT_RATIO + 1n ? MIN_SQRT_RATIO + 1n : x >= MAX_SQRT_RATIO ? MAX_SQRT_RATIO - 1n : x
}

/** In-range liquidity at `tick`: the sum of liquidityNet of initialized ticks at or below it. */
export function liquidityAt(ticks: readonly V3Tick[], tick: number): bigint {
  let l = 0n
  for (const t of ticks) if (t.index <= tick) l += t.liquidityNet
  return l
}

/**
 * Moves every pool's price by a random factor exp(±sigma) (V2: reserves scaled in opposite directions;
 * V3: sqrt price moved, tick and in-range liquidity recomputed), as blocks of trades would. Returns a new
 * state for the next block; the input is not modified.
 */
export function perturbMarket(state: MarketState, random: () => number, sigma: number): MarketState {
  const pools = state.pools.map((pool): Pool => movePool(pool, Math.exp((random() * 2 - 1) * sigma)))
  return { ...state, blockNumber: state.blockNumber + 1n, timestamp: state.timestamp + 12n, pools }
}

/** The pool with its price (token1 per token0) multiplied by `factor`. */
export function movePool<P extends Pool>(pool: P, factor: number): P {
  if (pool.kind === 'v2') {
    const r = Math.sqrt(factor)
    const scale = (x: bigint, f: number): bigint => (x * BigInt(Math.round(f * 1e9))) / 1_000_000_000n
    return { ...(pool as V2Pool), reserve0: scale(pool.reserve0, 1 / r), reserve1: scale(pool.reserve1, r) } as P
  }
  const v3 = pool as V3Pool
  const sqrtPriceX96 = clampSqrt((v3.sqrtPriceX96 * BigInt(Math.round(Math.sqrt(factor) * 1e12))) / 1_000_000_000_000n)
  const tick = getTickAtSqrtRatio(sqrtPriceX96)
  return { ...v3, sqrtPriceX96, tick, liquidity: liquidityAt(v3.ticks, tick) } as P
}

