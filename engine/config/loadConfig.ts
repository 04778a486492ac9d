import { readFile } from 'node:fs/promises'
import { extname, resolve } from 'node:path'
import { ConfigError } from '../errors/ConfigError.js'
import type { Config } from './configSchema.js'
import { importConfigModule } from './importConfigModule.js'
import { parseConfig } from './parseConfig.js'

/**
 * Loads and validates a config file: JSON, or a TypeScript/JavaScript module whose default export is
 * the config (see `defineConfig`). Errors name the file and the field.
 */
export async function loadConfig(path: string): Promise<Config> {
  const file = resolve(path)
  const ext = extname(file)
  let raw: unknown
  if (ext === '.json') {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (cause) {
      throw new ConfigError('--config', 'a readable config file', path, { cause })
    }
    try {
      raw = JSON.parse(text)
    } catch (cause) {
      throw new ConfigError(path, 'valid JSON', undefined, { details: (cause as Error).message })
    }
  } else if (['.ts', '.mts', '.js', '.mjs'].includes(ext)) {
    raw = await importConfigModule(file, path)
  } else {
    throw new ConfigError('--config', 'a .json, .ts or .js file', path)
  }
  return parseConfig(raw, path)
}
