import { devnetTokenSymbols, type DevnetToken } from '../../devnet/devnetPlan.js'
import { createRandom } from './createRandom.js'
import { taxTokenDynamics, tokenDynamics, type ScenarioProfile } from './scenarioProfiles.js'

/** Reference USD prices of every devnet token at each scenario block, and the regime (0 quiet, 1 stressed). */
export type PricePath = {
  blocks: number
  /**
   * `prices[token][i]`: USD price at the end of scenario block i (0-based). TAX, when given a start price, walks
   * from it on its own (`taxTokenDynamics`: a small-cap token, uncorrelated with the market).
   */
  prices: Record<DevnetToken, Float64Array> & Partial<Record<'TAX', Float64Array>>
  regime: Uint8Array
}

/** Mean reversion per block of a pegged token's log-deviation from $1. */
const PEG_REVERSION = 0.05

/**
 * Simulates the reference price path of a scenario: a market factor (Gaussian log-returns whose volatility
 * switches between a quiet and a stressed regime, plus rare jumps) that volatile tokens follow with their
 * beta and their own noise; stablecoins mean-revert around $1; a crash adds a steady log-drift over its
 * window. Pure and deterministic in (profile, seed, blocks); floats are fine here, as this is the random
 * model, never an on-chain amount.
 *
 * @example
 * const path = simulatePricePath(scenarioProfiles.crash, { seed: 7, blocks: 500, start: { WETH: 3000, … } })
 * path.prices.WETH[499] // well below 3000
 */
export function simulatePricePath(
  profile: ScenarioProfile,
  options: { seed: number; blocks: number; start: Record<DevnetToken, number> & { TAX?: number } },
): PricePath {
  const { blocks, start } = options
  const rng = createRandom(options.seed, `price-path:${profile.randomStream ?? profile.name}`)
  const prices = Object.fromEntries(devnetTokenSymbols.map((t) => [t, new Float64Array(blocks)])) as Record<DevnetToken, Float64Array>
  const regime = new Uint8Array(blocks)
  const logPrice = Object.fromEntries(devnetTokenSymbols.map((t) => [t, Math.log(start[t])])) as Record<DevnetToken, number>

  const crash = profile.crash
  const crashFrom = crash ? Math.floor(crash.from * blocks) : 0
  const crashTo = crash ? Math.max(crashFrom + 1, Math.floor(crash.to * blocks)) : 0
  const inCrash = (i: number) => crash !== undefined && i >= crashFrom && i < crashTo

  let state: 0 | 1 = 0
  for (let i = 0; i < blocks; i++) {
    if (inCrash(i)) state = 1
    else if (state === 0 && rng.chance(profile.switchProbability.toStressed)) state = 1
    else if (state === 1 && rng.chance(profile.switchProbability.toQuiet)) state = 0
    regime[i] = state
    let market = profile.regimes[state].volPerBlock * rng.normal()
    if (rng.chance(profile.jump.probability)) market += profile.jump.sigma * rng.normal()
    for (const t of devnetTokenSymbols) {
      const d = tokenDynamics[t]
      const noise = d.idioVol * rng.normal()
      if (d.pegged) {
        logPrice[t] = logPrice[t] * (1 - PEG_REVERSION) + noise
      } else {
        let r = d.beta * market + noise
        const drop = crash?.drop[t]
        if (drop !== undefined && inCrash(i)) r += Math.log(1 - drop) / (crashTo - crashFrom)
        logPrice[t] += r
      }
      prices[t][i] = Math.exp(logPrice[t])
    }
  }
  // TAX draws from a stream of its own, so every other token's path is what it was without it.
  let withTax: PricePath['prices'] = prices
  if (start.TAX !== undefined) {
    const taxRng = createRandom(options.seed, `price-path-tax:${profile.randomStream ?? profile.name}`)
    const tax = new Float64Array(blocks)
    let log = Math.log(start.TAX)
    for (let i = 0; i < blocks; i++) tax[i] = Math.exp((log += taxTokenDynamics.idioVol * taxRng.normal()))
    withTax = { ...prices, TAX: tax }
  }
  return { blocks, prices: withTax, regime }
}
