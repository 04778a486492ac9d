import type { ConfigInput } from './configSchema.js'

/**
 * Types a TypeScript config file; validation happens when it is loaded.
 *
 * @example
 * // research/configs/my.ts
 * import { defineConfig } from '../../engine/config/defineConfig.js'
 * export default defineConfig({ strategies: [{ name: 'spatial', minProfit: 10n ** 15n }], execution: { mode: 'flash' } })
 */
export function defineConfig(config: ConfigInput): ConfigInput {
  return config
}
