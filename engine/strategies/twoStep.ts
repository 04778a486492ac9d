import { defineStrategy } from './defineStrategy.js'
import type { Address, MarketState, Opportunity } from '../market/types.js'
import type { CycleIndex } from './createCycleIndex.js'
import type { DetectionCache } from './createDetectionCache.js'
import { cycleIndexFor } from './cycleIndexFor.js'
import { evaluateCycles, type MinProfit, poolKinds } from './evaluateCycles.js'

/** Configuration of the capital two-step strategy. */
export type TwoStepConfig = {
  /** Executor inventory per token, base units. Only tokens with a positive amount are traded. */
  inventory: Readonly<Record<Address, bigint>>
  /** Minimum gross profit in start-token base units (default 1: any profit). */
  minProfit?: MinProfit
  /** Spot-gain threshold (log) below which a pool pair is not sized (default 1e-9). */
  minLogGain?: number
  /** A prebuilt 2-hop cycle index to reuse. */
  cycleIndex?: CycleIndex
}

export const defaultTwoStepConfig = { minProfit: 1n, minLogGain: 1e-9 } as const

/**
 * Capital two-step: with tokens the executor already holds (no flash loan), buy on the cheap pool and sell on
 * the dear one. Like `spatial`, but start tokens are the inventory tokens (in the record's order) and the
 * input is capped by the inventory of the start token. `kind` is the pool kinds, e.g. 'v2-v2'. A `cache`
 * (`createDetectionCache`) carried from block to block makes a block cost what changed in it.
 *
 * @example
 * twoStep(state, { inventory: { [weth]: 50n * 10n ** 18n } })
 */
export function twoStep(state: MarketState, config: TwoStepConfig, cache?: DetectionCache): Opportunity[] {
  const held = Object.entries(config.inventory).filter(([, amount]) => amount > 0n) as Array<[Address, bigint]>
  if (held.length === 0) return []
  const startTokens = held.map(([token]) => token)
  const index = config.cycleIndex ?? cycleIndexFor(state.pools, { minHops: 2, maxHops: 2, startTokens })
  return evaluateCycles(index, state, {
    strategy: 'two-step',
    kind: poolKinds,
    minProfit: config.minProfit ?? defaultTwoStepConfig.minProfit,
    maxAmountIn: Object.fromEntries(held),
    requireCap: true,
    minLogGain: config.minLogGain ?? defaultTwoStepConfig.minLogGain,
  }, cache)
}

/**
 * The two-step strategy in the registry: it trades what the executor holds of each start token, capped by
 * `maxAmountIn` where the config sets one.
 */
export const twoStepStrategy = defineStrategy({
  run: twoStep,
  configure: ({ startTokens, minProfit, maxAmountIn, inventory }): TwoStepConfig => {
    const caps: Record<Address, bigint> = {}
    for (const t of startTokens) {
      const held = inventory[t] ?? 0n
      const cap = maxAmountIn?.[t]
      if (held > 0n) caps[t] = cap !== undefined && cap < held ? cap : held
    }
    return { inventory: caps, minProfit }
  },
})
