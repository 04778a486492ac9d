import type { Config } from '../../config/configSchema.js'
import type { InclusionModel } from './InclusionModel.js'
import { parseInclusion } from './parseInclusion.js'

/** The config's inclusion model (validated by the config schema); `top` when it names none. */
export function inclusionOf(config: Config): InclusionModel {
  return (config.execution.inclusion !== undefined ? parseInclusion(config.execution.inclusion) : undefined) ?? { kind: 'top' }
}
