import { readFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { zodConfigError } from '../../config/zodConfigError.js'
import { ConfigError } from '../../errors/ConfigError.js'
import { sweepGridSchema, type SweepGrid } from './sweepGrid.js'

/** Reads and validates a sweep file; a string `base` is read as a config JSON file relative to it. */
export async function loadGrid(path: string): Promise<SweepGrid> {
  const raw = await readJson(path, '--grid')
  const parsed = sweepGridSchema.safeParse(raw)
  if (!parsed.success) throw zodConfigError(parsed.error, raw, path)
  const grid = parsed.data
  const base = typeof grid.base === 'string' ? await readJson(resolve(dirname(path), grid.base), `${path}: base`) : grid.base
  if (base === null || typeof base !== 'object' || Array.isArray(base)) throw new ConfigError(`${path}: base`, 'a config object', base)
  return { ...grid, base: base as Record<string, unknown> }
}

async function readJson(path: string, field: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (cause) {
    throw new ConfigError(field, 'a readable JSON file', path, { cause })
  }
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new ConfigError(path, 'valid JSON', undefined, { details: (cause as Error).message })
  }
}
