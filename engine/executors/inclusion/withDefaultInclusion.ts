import { resolveInclusion } from './defaultInclusion.js'

/**
 * A config input (as a file holds it) with `execution.inclusion` set to the source kind's realistic default when it
 * names none, so the model is part of the config and its hash, never silently the optimistic `top`.
 */
export function withDefaultInclusion(config: Record<string, unknown>, sourceKind: string): Record<string, unknown> {
  const execution = (config.execution ?? {}) as Record<string, unknown>
  return { ...config, execution: { ...execution, inclusion: resolveInclusion(execution.inclusion as string | undefined, sourceKind) } }
}
