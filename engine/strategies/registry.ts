import type { z } from 'zod'
import { BaseError } from '../errors/BaseError.js'
import type { MarketState, Opportunity } from '../market/types.js'
import type { DetectionCache } from './createDetectionCache.js'
import type { StrategyDefinition, StrategyInputs } from './defineStrategy.js'
import { multiHopStrategy } from './multiHop.js'
import { spatialStrategy } from './spatial.js'
import { triangularStrategy } from './triangular.js'
import { twoStepStrategy } from './twoStep.js'

/**
 * Every strategy, by the name config files use: the one list that the config schema (names and options),
 * resolution (`configureStrategy`) and detection (`runStrategy`) read. Adding a strategy: write its file
 * ending with `defineStrategy(...)`, and add one line here.
 */
export const strategyRegistry = {
  spatial: spatialStrategy,
  triangular: triangularStrategy,
  'multi-hop': multiHopStrategy,
  'two-step': twoStepStrategy,
} as const

export type StrategyName = keyof typeof strategyRegistry

/** Config type of each strategy, by registry name. */
export type StrategyConfigs = { [N in StrategyName]: (typeof strategyRegistry)[N] extends StrategyDefinition<infer C, z.ZodRawShape> ? C : never }

/** A strategy: a pure function of market state and its config. */
export type Strategy<C> = (state: MarketState, config: C, cache?: DetectionCache) => Opportunity[]

/** The valid strategy names, in registry order, for config validation and help texts. */
export const strategyNames = Object.keys(strategyRegistry) as [StrategyName, ...StrategyName[]]

type UnionToIntersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never
type OptionsOf<N extends StrategyName> = (typeof strategyRegistry)[N]['options']

/**
 * The config fields of every strategy's `options`, merged into one zod shape (the config schema adds them to
 * a strategy entry). Two strategies may share a field only with the same schema object.
 */
export const strategyOptions = mergeOptions()

function mergeOptions(): UnionToIntersection<OptionsOf<StrategyName>> {
  const shape: Record<string, z.core.$ZodType> = {}
  for (const [name, definition] of Object.entries(strategyRegistry)) {
    for (const [field, schema] of Object.entries(definition.options as z.ZodRawShape)) {
      if (shape[field] && shape[field] !== schema) {
        throw new BaseError(`Strategy ${name} declares option ${field}, which another strategy declares with another schema`, { details: 'share one schema object' })
      }
      shape[field] = schema
    }
  }
  return shape as UnionToIntersection<OptionsOf<StrategyName>>
}

/** Runs the named strategy with its config; `cache` (see `createDetectionCache`) carries its work from block to block. */
export function runStrategy<N extends StrategyName>(name: N, state: MarketState, config: StrategyConfigs[N], cache?: DetectionCache): Opportunity[] {
  return (strategyRegistry[name].run as Strategy<StrategyConfigs[N]>)(state, config, cache)
}

/**
 * The named strategy's config from the common inputs and its config entry, as the config schema validated it
 * (the schema holds every strategy's options, so the entry has this one's).
 */
export function configureStrategy<N extends StrategyName>(name: N, inputs: StrategyInputs, entry: object): StrategyConfigs[N] {
  const definition = strategyRegistry[name] as unknown as StrategyDefinition<StrategyConfigs[N], OptionsOf<N>>
  return definition.configure(inputs, entry as z.output<z.ZodObject<OptionsOf<N>>>)
}
