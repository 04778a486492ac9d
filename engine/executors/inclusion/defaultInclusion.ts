import { formatInclusion, type InclusionModel } from './InclusionModel.js'

/**
 * The inclusion model a backtest uses when its config names none, by source kind. Never the optimistic `top`:
 * sources whose blocks carry the real transactions (generated scenarios, archive forks) replay the next block with
 * our trade placed by what it pays (`priority`); re-enacted datasets, whose blocks carry only the re-enactment of
 * pool states, meet the world one block later (`delay:1`).
 */
export function defaultInclusion(sourceKind: string): InclusionModel {
  return sourceKind === 'dataset' ? { kind: 'delay', blocks: 1 } : { kind: 'priority' }
}

/** The model a run uses, as configs write it: the one it names, else the source kind's default. */
export function resolveInclusion(named: string | undefined, sourceKind: string): string {
  return named ?? formatInclusion(defaultInclusion(sourceKind))
}
