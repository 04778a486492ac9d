import type { DevnetToken } from '../../devnet/devnetPlan.js'

/** The named market scenarios `generateScenario` can build. */
export const scenarioNames = ['calm', 'volatile', 'crash'] as const
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
  /** Per-block, per-pool probability that a competing arbitrageur closes a pool's gap beyond its fee band first. */
  competitorProbability: number
  /** Per-block probability of a liquidity event (an add or a removal) on one pool. */
  liquidityEventProbability: number
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

/** The built-in scenarios. */
export const scenarioProfiles: Record<ScenarioName, ScenarioProfile> = {
  calm: {
    name: 'calm',
    description: 'low volatility, rare stress, thin trade flow',
    regimes: [
      { volPerBlock: 0.0006, tradesPerBlock: 5 },
      { volPerBlock: 0.0015, tradesPerBlock: 8 },
    ],
    switchProbability: { toStressed: 0.002, toQuiet: 0.05 },
    jump: { probability: 0.001, sigma: 0.005 },
    competitorProbability: 0.9,
    liquidityEventProbability: 0.02,
  },
  volatile: {
    name: 'volatile',
    description: 'high volatility with frequent stressed regimes and jumps, heavy trade flow',
    regimes: [
      { volPerBlock: 0.0015, tradesPerBlock: 8 },
      { volPerBlock: 0.004, tradesPerBlock: 14 },
    ],
    switchProbability: { toStressed: 0.01, toQuiet: 0.03 },
    jump: { probability: 0.005, sigma: 0.012 },
    competitorProbability: 0.85,
    liquidityEventProbability: 0.03,
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
    competitorProbability: 0.8,
    liquidityEventProbability: 0.04,
  },
}

/**
 * How fast each venue's pools follow the reference price: each block, with `probability`, an informed
 * trader closes `fraction` of the pool's gap beyond its fee band. Venues that follow at different speeds
 * drift apart, which is where cross-venue arbitrage comes from.
 */
export const venueFollow: Record<'uniswap-v2' | 'sushiswap' | 'uniswap-v3', { probability: number; fraction: number }> = {
  'uniswap-v3': { probability: 0.7, fraction: 0.85 },
  'uniswap-v2': { probability: 0.3, fraction: 0.6 },
  sushiswap: { probability: 0.1, fraction: 0.5 },
}
