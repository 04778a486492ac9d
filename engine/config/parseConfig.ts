import { configSchema, type Config } from './configSchema.js'
import { zodConfigError } from './zodConfigError.js'

/**
 * Validates a raw config object. The first problem becomes a ConfigError naming the field path
 * (e.g. `strategies[0].name`) and the expected form; all problems are listed in its details.
 */
export function parseConfig(raw: unknown, origin = 'config'): Config {
  const result = configSchema.safeParse(raw)
  if (result.success) return result.data
  throw zodConfigError(result.error, raw, origin)
}
