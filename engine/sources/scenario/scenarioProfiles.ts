import type { DevnetToken } from '../../devnet/devnetPlan.js'
import type { VenueName } from '../../devnet/manifest.js'

/** The named market scenarios `generateScenario` can build. */
export const scenarioNames = ['calm', 'volatile', 'crash', 'stress'] as const
export type ScenarioName = (typeof scenarioNames)[number]

/** One volatility regime: the market factor's per-block log-volatility and the mean number of noise trades. */
export type Regime = { volPerBlock: number; tradesPerBlock: number }

/**
 * The knobs of one scenario. Volatilities are per 12-second block and deliberately faster than mainnet,
 * so a few thousand blocks hold a day's worth of movement.
 */
export type ScenarioProfile = {
  name: ScenarioName
  description: string
  /**
   * Name the random streams (price path, trades) are seeded with; default `name`. `stress` keeps 'volatile',
   * so a seed gives it the very market `volatile` gave before it was calibrated (benchmarks stay comparable).
   */
  randomStream?: string
  /** Quiet and stressed regimes; the path switches between them as a two-state Markov chain. */
  regimes: readonly [Regime, Regime]
  /** Per-block probability of entering the stressed regime, and of leaving it. */
  switchProbability: { toStressed: number; toQuiet: number }
  /** Per-block probability of a jump of the market factor, and the jump's log-size standard deviation. */
  jump: { probability: number; sigma: number }
  /**
   * A drawdown spread evenly (in log terms) over the blocks from `from` to `to` (fractions of the run);
   * `drop` is the fraction lost by each token (0.35 = −35%). The stressed regime is forced during it.
   */
  crash?: { from: number; to: number; drop: Partial<Record<DevnetToken, number>> }
  /** Rival searchers who backrun mispricings in the next block, bidding for the top of it (see `Rivals`). */
  rivals: Rivals
  /** Per-block probability of a liquidity event (an add or a removal) on one pool. */
  liquidityEventProbability: number
  /** Noise trade sizes (see `Noise`). */
  noise: Noise
  /**
   * Base fee (wei) of the first block, around which trade demand is anchored (demand × (reference / base
   * fee)^0.6): the base fee wanders from it with block fullness. Default 10 gwei.
   */
  referenceBaseFee?: bigint
}

/**
 * Noise trade sizes as fractions of the pool's one-side depth (a V3 pool's virtual reserves in range, which
 * overstate its depth beyond the concentrated range, hence the smaller shares): a log-normal with this median
 * and spread, capped so a tail trade cannot run a V3 pool out of its concentrated range.
 */
export type Noise = {
  medianOfDepth: { v2: number; v3: number }
  sigma: number
  maxOfDepth: { v2: number; v3: number }
  /**
   * A V3 noise swap's slippage limit: it stops once it moved the price this fraction (0.005 = 0.5%, the
   * Uniswap interface's default tolerance), instead of running through a range edge into the thin liquidity
   * beyond (where a trade sized on the in-range depth would move the price by 10% or more). None: no limit.
   */
  slippage?: number
}

/** Noise of the uncalibrated profiles: median 0.05% of a V2 pair, 0.03% of a V3 pool's virtual reserves; cap 1% / 0.5% (about 2% / 1% of price impact). */
const DEFAULT_NOISE: Noise = { medianOfDepth: { v2: 0.0005, v3: 0.0003 }, sigma: 1.2, maxOfDepth: { v2: 0.01, v3: 0.005 } }

/**
 * Rival searchers. At the start of each block, every pool left outside its fee band by the previous block is
 * backrun, with `probability`, by a rival who takes it back to the band's edge around the reference price (a
 * CEX-DEX arbitrage, the flow that closes most DEX gaps on mainnet). The rival bids for inclusion: its
 * priority fee per gas is a share of the arbitrage's profit after the base fee (valued at the reference
 * price, converted to ETH) divided by its gas, the share drawn from a Beta distribution. A Beta because a
 * share lives in (0, 1): a rational searcher never bids more than it expects to make, and two knobs (mean,
 * concentration) say how contested the flow is; competitive backruns on mainnet pass most of their profit to
 * the builder (means of 0.7–0.9 are typical of 2023–24 atomic arbitrage), and a log-normal share would put
 * some bids above the whole profit.
 */
export type Rivals = {
  /** Per-block, per-pool probability that a rival backruns a pool whose gap beyond its fee band exceeds `minExcess`. */
  probability: number
  /** Log-gap beyond the fee band (0.0005 = 0.05%) below which no rival bothers. */
  minExcess: number
  /**
   * Backrun only when the arbitrage pays its gas at the block's base fee plus the minimum rival tip. False
   * closes every gap beyond `minExcess` whatever it pays (the `stress` market, as before rivals bid).
   */
  onlyProfitable: boolean
  /** Share of the arbitrage's profit after base fee bid as priority fee: Beta with this mean and concentration α+β. */
  bidShare: { mean: number; concentration: number }
}

/** How each token moves with the market factor (beta), on its own (idiosyncratic vol), or pegged. */
export const tokenDynamics: Record<DevnetToken, { beta: number; idioVol: number; pegged?: boolean }> = {
  WETH: { beta: 1, idioVol: 0.0002 },
  WBTC: { beta: 0.8, idioVol: 0.0003 },
  LTA: { beta: 1.3, idioVol: 0.0012 },
  LTB: { beta: 1.5, idioVol: 0.0018 },
  USDC: { beta: 0, idioVol: 0.00005, pegged: true },
  USDT: { beta: 0, idioVol: 0.00008, pegged: true },
  DAI: { beta: 0, idioVol: 0.00008, pegged: true },
}

/**
 * The taxed token TAX (a $1 small-cap): a random walk of its own, 0.3% a block (about 5% over 300 blocks, a
 * long-tail token's volatility), drawn from a separate stream so the devnet tokens' paths do not change with it.
 */
export const taxTokenDynamics = { idioVol: 0.003 }

/** The built-in scenarios. */
export const scenarioProfiles: Record<ScenarioName, ScenarioProfile> = {
  calm: {
    name: 'calm',
    description: 'low volatility, rare stress, thin trade flow',
    regimes: [
      { volPerBlock: 0.0002, tradesPerBlock: 5 },
      { volPerBlock: 0.0005, tradesPerBlock: 8 },
    ],
    switchProbability: { toStressed: 0.002, toQuiet: 0.05 },
    jump: { probability: 0.001, sigma: 0.003 },
    rivals: { probability: 0.9, minExcess: 0.0005, onlyProfitable: true, bidShare: { mean: 0.7, concentration: 8 } },
    liquidityEventProbability: 0.02,
    noise: DEFAULT_NOISE,
  },
  volatile: {
    name: 'volatile',
    description:
      'the default: a busy market calibrated on real-usdc-weth-2024-01-05 (two-pool opportunities after gas as rare and as large relative to depth as there), with rival searchers who bid for the gaps a block leaves',
    regimes: [
      { volPerBlock: 0.0005, tradesPerBlock: 8 },
      { volPerBlock: 0.0012, tradesPerBlock: 14 },
    ],
    switchProbability: { toStressed: 0.01, toQuiet: 0.03 },
    jump: { probability: 0.005, sigma: 0.008 },
    // Any gap that pays its gas is backrun 85% of the time: the rest is what a searcher can win uncontested
    // (the demo needs some; the end-of-block calibration figures barely move between 0.85 and 0.99).
    rivals: { probability: 0.85, minExcess: 0, onlyProfitable: true, bidShare: { mean: 0.8, concentration: 10 } },
    liquidityEventProbability: 0.03,
    // Trades of a few hundred to a few thousand dollars on $3–6M pairs, V3 swaps capped by a 0.3% slippage limit.
    noise: { medianOfDepth: { v2: 0.0001, v3: 0.00001 }, sigma: 1.2, maxOfDepth: { v2: 0.003, v3: 0.0003 }, slippage: 0.003 },
    // Demand anchored at 35 gwei settles the base fee around 18 gwei (p10–p90 14–37), near the real window's 20.
    referenceBaseFee: 35n * 10n ** 9n,
  },
  crash: {
    name: 'crash',
    description: 'a drawdown of WETH −40%, WBTC −35%, long tail −65% over the middle of the run, in the stressed regime',
    regimes: [
      { volPerBlock: 0.0012, tradesPerBlock: 8 },
      { volPerBlock: 0.0035, tradesPerBlock: 15 },
    ],
    switchProbability: { toStressed: 0.005, toQuiet: 0.03 },
    jump: { probability: 0.004, sigma: 0.015 },
    crash: { from: 0.2, to: 0.6, drop: { WETH: 0.4, WBTC: 0.35, LTA: 0.65, LTB: 0.7 } },
    rivals: { probability: 0.8, minExcess: 0.0005, onlyProfitable: true, bidShare: { mean: 0.9, concentration: 12 } },
    liquidityEventProbability: 0.04,
    noise: DEFAULT_NOISE,
  },
  stress: {
    name: 'stress',
    description: 'the volatile market as it was before rivals bid: every gap beyond 0.05% closed by someone with 85% odds, many trades left for the strategies (benchmarks, tests that count trades)',
    randomStream: 'volatile',
    regimes: [
      { volPerBlock: 0.0015, tradesPerBlock: 8 },
      { volPerBlock: 0.004, tradesPerBlock: 14 },
    ],
    switchProbability: { toStressed: 0.01, toQuiet: 0.03 },
    jump: { probability: 0.005, sigma: 0.012 },
    rivals: { probability: 0.85, minExcess: 0.0005, onlyProfitable: false, bidShare: { mean: 0.8, concentration: 10 } },
    liquidityEventProbability: 0.03,
    noise: DEFAULT_NOISE,
  },
}

/**
 * How fast each venue's pools follow the reference price: each block, with `probability`, an informed
 * trader closes `fraction` of the pool's gap beyond its fee band. Venues that follow at different speeds
 * drift apart, which is where cross-venue arbitrage comes from.
 */
export const venueFollow: Record<VenueName, { probability: number; fraction: number }> = {
  'uniswap-v3': { probability: 0.7, fraction: 0.85 },
  'uniswap-v4': { probability: 0.5, fraction: 0.75 },
  'balancer-v2': { probability: 0.2, fraction: 0.6 },
  'uniswap-v2': { probability: 0.3, fraction: 0.6 },
  sushiswap: { probability: 0.1, fraction: 0.5 },
}
