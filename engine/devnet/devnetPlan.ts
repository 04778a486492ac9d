import { createSeededRandom } from './createSeededRandom.js'

/** Symbols of the devnet's tokens, in deployment order (the order fixes their addresses). */
export const devnetTokenSymbols = ['WETH', 'USDC', 'USDT', 'DAI', 'WBTC', 'LTA', 'LTB'] as const
export type DevnetToken = (typeof devnetTokenSymbols)[number]

/** Name and decimals of each token (WETH is the real WETH9; the rest are TestTokens). */
export const devnetTokens: Record<DevnetToken, { name: string; decimals: number }> = {
  WETH: { name: 'Wrapped Ether', decimals: 18 },
  USDC: { name: 'USD Coin', decimals: 6 },
  USDT: { name: 'Tether USD', decimals: 6 },
  DAI: { name: 'Dai Stablecoin', decimals: 18 },
  WBTC: { name: 'Wrapped BTC', decimals: 8 },
  LTA: { name: 'Long Tail A', decimals: 18 },
  LTB: { name: 'Long Tail B', decimals: 18 },
}

/** Reference prices in USD with 8 decimals (Chainlink's unit), before the seed's jitter. */
export const referencePricesUsd8: Record<DevnetToken, bigint> = {
  WETH: 3_000n * 10n ** 8n,
  USDC: 10n ** 8n,
  USDT: 10n ** 8n,
  DAI: 10n ** 8n,
  WBTC: 60_000n * 10n ** 8n,
  LTA: 15n * 10n ** 8n,
  LTB: 2n * 10n ** 8n,
}

/** A V2 pair: both venues get it, SushiSwap at half the depth. Depth is USD per side. */
type V2Spec = { a: DevnetToken; b: DevnetToken; depthUsd: bigint }
/** A V3 pool: `depthUsd` per side goes into a full-range position and again into a ±~2% one. */
type V3Spec = { a: DevnetToken; b: DevnetToken; fee: 500 | 3000 | 10000; depthUsd: bigint }

const v2Pairs: V2Spec[] = [
  { a: 'WETH', b: 'USDC', depthUsd: 6_000_000n },
  { a: 'WETH', b: 'USDT', depthUsd: 3_000_000n },
  { a: 'WETH', b: 'DAI', depthUsd: 3_000_000n },
  { a: 'WBTC', b: 'WETH', depthUsd: 3_000_000n },
  { a: 'USDC', b: 'USDT', depthUsd: 2_000_000n },
  { a: 'USDC', b: 'DAI', depthUsd: 2_000_000n },
  { a: 'LTA', b: 'WETH', depthUsd: 600_000n },
  { a: 'LTB', b: 'WETH', depthUsd: 300_000n },
  { a: 'LTA', b: 'LTB', depthUsd: 100_000n },
]

const v3Pools: V3Spec[] = [
  { a: 'WETH', b: 'USDC', fee: 500, depthUsd: 3_000_000n },
  { a: 'WETH', b: 'USDC', fee: 3000, depthUsd: 1_500_000n },
  { a: 'WETH', b: 'USDC', fee: 10000, depthUsd: 300_000n },
  { a: 'WBTC', b: 'WETH', fee: 3000, depthUsd: 1_500_000n },
  { a: 'USDC', b: 'USDT', fee: 500, depthUsd: 1_500_000n },
  { a: 'WETH', b: 'DAI', fee: 3000, depthUsd: 1_000_000n },
  { a: 'LTA', b: 'WETH', fee: 10000, depthUsd: 300_000n },
]

/** A Balancer V2 weighted pool: tokens with weights (percent), total depth in USD, swap fee in pips. */
type BalancerSpec = { tokens: { t: DevnetToken; weight: number }[]; depthUsd: bigint; feePips: number }

const balancerPools: BalancerSpec[] = [
  { tokens: [{ t: 'WETH', weight: 50 }, { t: 'USDC', weight: 50 }], depthUsd: 4_000_000n, feePips: 2500 },
  { tokens: [{ t: 'WBTC', weight: 50 }, { t: 'WETH', weight: 50 }], depthUsd: 2_000_000n, feePips: 3000 },
  { tokens: [{ t: 'LTA', weight: 80 }, { t: 'WETH', weight: 20 }], depthUsd: 500_000n, feePips: 5000 },
  { tokens: [{ t: 'WETH', weight: 60 }, { t: 'DAI', weight: 40 }], depthUsd: 1_000_000n, feePips: 1000 },
]

/**
 * Weighted pools with more than two tokens, planned (and deployed) after everything else so that adding them left
 * every other amount and address of a seed unchanged.
 */
const balancerMultiTokenPools: BalancerSpec[] = [
  { tokens: [{ t: 'WETH', weight: 40 }, { t: 'USDC', weight: 30 }, { t: 'DAI', weight: 30 }], depthUsd: 1_500_000n, feePips: 3000 },
]

/** A hookless Uniswap V4 pool: fee in pips, tick spacing, depth in USD per side. */
type V4Spec = { a: DevnetToken; b: DevnetToken; fee: number; tickSpacing: number; depthUsd: bigint }

const v4Pools: V4Spec[] = [
  { a: 'WETH', b: 'USDC', fee: 3000, tickSpacing: 60, depthUsd: 2_000_000n },
  { a: 'WBTC', b: 'WETH', fee: 500, tickSpacing: 10, depthUsd: 1_000_000n },
  { a: 'WETH', b: 'DAI', fee: 3000, tickSpacing: 60, depthUsd: 600_000n },
  { a: 'LTB', b: 'WETH', fee: 10000, tickSpacing: 200, depthUsd: 200_000n },
]

/** Reserves listed on the devnet's Aave market, with the USD value supplied to each. */
export const aaveReserves: { token: DevnetToken; supplyUsd: bigint; ltvBps: bigint; thresholdBps: bigint }[] = [
  { token: 'WETH', supplyUsd: 6_000_000n, ltvBps: 8000n, thresholdBps: 8250n },
  { token: 'USDC', supplyUsd: 5_000_000n, ltvBps: 7700n, thresholdBps: 8000n },
  { token: 'USDT', supplyUsd: 5_000_000n, ltvBps: 7500n, thresholdBps: 7800n },
  { token: 'DAI', supplyUsd: 5_000_000n, ltvBps: 7700n, thresholdBps: 8000n },
]

/** Capital the executor starts with, in USD per token (capital mode). */
export const executorFundingUsd: Partial<Record<DevnetToken, bigint>> = {
  WETH: 900_000n,
  USDC: 1_000_000n,
  USDT: 1_000_000n,
  DAI: 1_000_000n,
  WBTC: 600_000n,
}

/** One pool to deploy, with the amounts (base units) each liquidity position adds. */
export type PlannedPool = {
  venue: 'uniswap-v2' | 'sushiswap' | 'uniswap-v3'
  a: DevnetToken
  b: DevnetToken
  /** Pips: V3 tier, or 3000 for a 0.30% V2 pair. */
  fee: number
  amountA: bigint
  amountB: bigint
}

/**
 * One Balancer V2 weighted pool to deploy: tokens, weights (18 decimals, summing to 1e18), amounts, swap fee. Pools
 * of more than two tokens come last in `balancerPools` and are deployed after the V4 pools.
 */
export type PlannedBalancerPool = { tokens: DevnetToken[]; weights: bigint[]; amounts: bigint[]; feePips: number }

/** Everything the seed decides: token prices and pool amounts. Addresses never depend on it. */
export type DevnetPlan = {
  seed: number
  pricesUsd8: Record<DevnetToken, bigint>
  pools: PlannedPool[]
  balancerPools: PlannedBalancerPool[]
  /** Uniswap V4 pools; amounts are what the full-range position holds (a narrow one adds a little). */
  v4Pools: Array<{ a: DevnetToken; b: DevnetToken; fee: number; tickSpacing: number; amountA: bigint; amountB: bigint }>
}

/**
 * Builds the devnet's market from a seed: each token's price moves up to ±0.5% from its reference
 * (stablecoins ±0.05%), each pool's price up to ±0.03% from that (below any fee, so the devnet starts
 * without arbitrage) and its depth up to ±20%.
 */
export function devnetPlan(seed = 1): DevnetPlan {
  const rng = createSeededRandom(seed)
  const pricesUsd8 = {} as Record<DevnetToken, bigint>
  for (const t of devnetTokenSymbols) {
    const stable = t === 'USDC' || t === 'USDT' || t === 'DAI'
    const ppm = BigInt(stable ? rng.int(-500, 500) : rng.int(-5_000, 5_000))
    pricesUsd8[t] = (referencePricesUsd8[t] * (1_000_000n + ppm)) / 1_000_000n
  }
  const amount = (t: DevnetToken, usd: bigint) => usdToAmount(pricesUsd8, t, usd)
  const side = (venue: PlannedPool['venue'], a: DevnetToken, b: DevnetToken, fee: number, depthUsd: bigint): PlannedPool => {
    const depth = (depthUsd * BigInt(1_000 + rng.int(-200, 200))) / 1_000n
    const skew = BigInt(1_000_000 + rng.int(-300, 300))
    return { venue, a, b, fee, amountA: amount(a, depth), amountB: (amount(b, depth) * skew) / 1_000_000n }
  }
  const pools: PlannedPool[] = []
  for (const p of v2Pairs) pools.push(side('uniswap-v2', p.a, p.b, 3000, p.depthUsd))
  for (const p of v2Pairs) pools.push(side('sushiswap', p.a, p.b, 3000, p.depthUsd / 2n))
  for (const p of v3Pools) pools.push(side('uniswap-v3', p.a, p.b, p.fee, p.depthUsd))
  // Drawn after every other pool, so adding these left the other pools' amounts for a seed unchanged.
  const weightedPool = (b: BalancerSpec): PlannedBalancerPool => {
    const depth = (b.depthUsd * BigInt(1_000 + rng.int(-200, 200))) / 1_000n
    return {
      tokens: b.tokens.map((x) => x.t),
      weights: b.tokens.map((x) => BigInt(x.weight) * 10n ** 16n),
      amounts: b.tokens.map((x, i) => {
        const skew = i === 0 ? 1_000_000n : BigInt(1_000_000 + rng.int(-300, 300))
        return (amount(x.t, (depth * BigInt(x.weight)) / 100n) * skew) / 1_000_000n
      }),
      feePips: b.feePips,
    }
  }
  const weighted = balancerPools.map(weightedPool)
  const v4 = v4Pools.map((p) => {
    const planned = side('uniswap-v3', p.a, p.b, p.fee, p.depthUsd)
    return { a: p.a, b: p.b, fee: p.fee, tickSpacing: p.tickSpacing, amountA: planned.amountA, amountB: planned.amountB }
  })
  // Drawn last, after the V4 pools, for the same reason.
  weighted.push(...balancerMultiTokenPools.map(weightedPool))
  return { seed, pricesUsd8, pools, balancerPools: weighted, v4Pools: v4 }
}

/** Base units of `token` worth `usd` whole dollars at the plan's prices. */
export function usdToAmount(pricesUsd8: Record<DevnetToken, bigint>, token: DevnetToken, usd: bigint): bigint {
  return (usd * 10n ** BigInt(devnetTokens[token].decimals) * 10n ** 8n) / pricesUsd8[token]
}
