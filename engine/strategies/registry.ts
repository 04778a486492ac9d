import type { MarketState, Opportunity } from '../market/types.js'
import { multiHop, type MultiHopConfig } from './multiHop.js'
import { spatial, type SpatialConfig } from './spatial.js'
import { triangular, type TriangularConfig } from './triangular.js'
import { twoStep, type TwoStepConfig } from './twoStep.js'

/** Config type of each strategy, by registry name. */
export type StrategyConfigs = {
  spatial: SpatialConfig
  triangular: TriangularConfig
  'multi-hop': MultiHopConfig
  'two-step': TwoStepConfig
}

export type StrategyName = keyof StrategyConfigs

/** A strategy: a pure function of market state and its config. */
export type Strategy<C> = (state: MarketState, config: C) => Opportunity[]

/** Strategies by the name configs use. */
export const strategies: { readonly [N in StrategyName]: Strategy<StrategyConfigs[N]> } = {
  spatial,
  triangular,
  'multi-hop': multiHop,
  'two-step': twoStep,
}

/** The valid strategy names, for config validation. */
export const strategyNames: readonly StrategyName[] = ['spatial', 'triangular', 'multi-hop', 'two-step']

/** Runs the named strategy with its config. */
export function runStrategy<N extends StrategyName>(name: N, state: MarketState, config: StrategyConfigs[N]): Opportunity[] {
  return (strategies[name] as Strategy<StrategyConfigs[N]>)(state, config)
}
