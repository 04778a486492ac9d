import type { Config } from './configSchema.js'

/** A config as it may be stored (runs.config_json) and exported: no RPC URL anywhere in it. */
export type StorableConfig = Omit<Config, 'rpcUrl' | 'source'> & { source?: Record<string, unknown> }

/**
 * The config without what must never reach DuckDB or an export: the live `rpcUrl` and a fork source's
 * `rpcUrl` are dropped (they may carry user:password or an API key; the run's `source` column records a
 * redacted description instead). Everything that decides trades is kept, so the stored config still
 * re-validates and hashes to the run's config hash.
 *
 * @example
 * config_json: canonicalJson(storableConfig(config))
 */
export function storableConfig(config: Config): StorableConfig {
  const { rpcUrl: _rpcUrl, source, ...rest } = config
  if (!source) return rest
  if (source.kind === 'fork') {
    const { rpcUrl: _sourceUrl, ...where } = source
    return { ...rest, source: where }
  }
  return { ...rest, source }
}
