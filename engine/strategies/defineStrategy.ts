import type { z } from 'zod'
import type { Address, MarketState, Opportunity } from '../market/types.js'
import type { DetectionCache } from './createDetectionCache.js'

/**
 * What every strategy's config is made from: the common fields of a config file's strategy entry, token
 * symbols resolved to the manifest's addresses, and the executor's holdings.
 */
export type StrategyInputs = {
  /** `startTokens`, or the default (WETH and USDC where the manifest has them). */
  startTokens: Address[]
  /** `minProfit`, one amount or per start token. */
  minProfit: bigint | Record<Address, bigint> | undefined
  /** `maxAmountIn` per start token (one amount applies to every start token). */
  maxAmountIn: Record<Address, bigint> | undefined
  /** The executor's balance per token at the start of the run. */
  inventory: Readonly<Record<Address, bigint>>
}

/**
 * A strategy as the engine knows it: the pure function, the config fields only it reads (a zod shape the
 * config schema adds to a strategy entry), and how its config is made from a validated entry.
 */
export type StrategyDefinition<C, O extends z.ZodRawShape> = {
  /**
   * Pure: market state and config in, opportunities out. `cache` (one per strategy per run) only makes the
   * next block cheaper; the answer is the same without it.
   */
  run(state: MarketState, config: C, cache?: DetectionCache): Opportunity[]
  /** Config-file fields besides `name`, `minProfit`, `startTokens` and `maxAmountIn`, e.g. `maxHops`. */
  options: O
  /** The strategy's config from the common inputs and its own validated options. */
  configure(inputs: StrategyInputs, options: z.output<z.ZodObject<O>>): C
}

/**
 * Declares a strategy for the registry (`engine/strategies/registry.ts`). A new strategy is its file, ending
 * with its definition, plus one registry line.
 *
 * @example
 * export const spatialStrategy = defineStrategy({
 *   run: spatial,
 *   configure: ({ startTokens, minProfit, maxAmountIn }) => ({ startTokens, minProfit, maxAmountIn }),
 * })
 */
export function defineStrategy<C, O extends z.ZodRawShape = Record<never, never>>(definition: {
  run(state: MarketState, config: C, cache?: DetectionCache): Opportunity[]
  options?: O
  configure(inputs: StrategyInputs, options: z.output<z.ZodObject<O>>): C
}): StrategyDefinition<C, O> {
  return { ...definition, options: definition.options ?? ({} as O) }
}
