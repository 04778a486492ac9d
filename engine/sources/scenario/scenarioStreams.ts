import type { RpcClient } from '../../chain/createRpcClient.js'
import { devnetPlan, devnetTokenSymbols, type DevnetToken } from '../../devnet/devnetPlan.js'
import { ScenarioError } from '../../errors/ScenarioError.js'
import { createRandom, type Random } from './createRandom.js'
import { v2MidPrice } from './midPrice.js'
import { readMarket } from './readMarket.js'
import { scenarioProfiles, type ScenarioName } from './scenarioProfiles.js'
import type { ScenarioPool } from './scenarioTypes.js'
import { simulatePricePath, type PricePath } from './simulatePricePath.js'

/** Base fee around which trade demand is anchored, for profiles that set none (10 gwei). */
const REFERENCE_BASE_FEE = 10n ** 10n

export type ScenarioStreams = {
  /** The reference prices the pools are pulled towards, per scenario block (TAX's too when a pool trades it). */
  pricePath: PricePath
  /** The trades' draws. */
  rng: Random
  /** The rivals' bid shares: a stream of its own, so drawing them never shifts the market the trades make. */
  bidRng: Random
  /** Base fee around which trade demand is anchored. */
  referenceBaseFee: bigint
}

/**
 * What drives a scenario's blocks for a seed, the same for the backtest generator (`generateScenario`) and a devnet
 * driven behind the builder (`driveScenarioBehindBuilder`): the seeded price path from the devnet's start prices
 * (and TAX's, read from its pair), the trade and bid streams, the reference base fee.
 */
export async function scenarioStreams(rpc: RpcClient, pools: readonly ScenarioPool[], scenario: ScenarioName, seed: number, blocks: number): Promise<ScenarioStreams> {
  const profile = scenarioProfiles[scenario]
  const plan = devnetPlan(seed)
  const start: Record<DevnetToken, number> & { TAX?: number } = Object.fromEntries(devnetTokenSymbols.map((t) => [t, Number(plan.pricesUsd8[t]) / 1e8])) as Record<DevnetToken, number>
  // A manifest that lists TAX (as a generated scenario's does) gets its pairs traded, from their price now.
  const taxPrice = await taxReferenceUsd(rpc, pools, start.WETH)
  if (taxPrice !== undefined) start.TAX = taxPrice
  return {
    pricePath: simulatePricePath(profile, { seed, blocks, start }),
    rng: createRandom(seed, `trades:${profile.randomStream ?? scenario}`),
    bidRng: createRandom(seed, `bids:${scenario}`),
    referenceBaseFee: profile.referenceBaseFee ?? REFERENCE_BASE_FEE,
  }
}

/**
 * TAX's starting reference price: its price in the first TAX/WETH pair as deployed ("$1 at $3,000 per ETH", less
 * what the seeding transfer's tax left out), at the start WETH price; none when no pool trades TAX.
 */
async function taxReferenceUsd(rpc: RpcClient, pools: readonly ScenarioPool[], wethUsd: number): Promise<number | undefined> {
  const i = pools.findIndex((p) => p.kind === 'v2' && (p.symbol0 === 'TAX' || p.symbol1 === 'TAX') && (p.symbol0 === 'WETH' || p.symbol1 === 'WETH'))
  if (i < 0) return undefined
  const p = pools[i]!
  const state = (await readMarket(rpc, [p], [])).states[0]!
  if (state.kind !== 'v2') throw new ScenarioError(`TAX pool ${p.address} is not a V2 pair`, { step: 'pools' })
  const price0 = v2MidPrice(state.reserve0, state.reserve1, p.decimals0, p.decimals1) // token0 in token1
  return p.symbol0 === 'TAX' ? price0 * wethUsd : wethUsd / price0
}
