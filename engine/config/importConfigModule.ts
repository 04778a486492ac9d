import { register } from 'node:module'
import { stat } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { ConfigError } from '../errors/ConfigError.js'

/**
 * The URL fragment that marks a config module, so the hook below knows which imports to load as ESM. It ends
 * in `.ts` because Vite (vitest) takes the loader from whatever follows the URL's last dot.
 */
const MARK = 'arb-config-module.ts'

/**
 * A resolve hook that loads marked `.ts` files as ES modules. Node (and tsx) decide a `.ts` file's format
 * from the nearest package.json: outside this repository that makes a config CommonJS, whose import of the
 * ESM `defineConfig` then fails with "Cannot require() ES Module … in a cycle". Stack traces of an ES module
 * also point at the config's own line, which the CommonJS bridge loses.
 */
const hook = `export async function resolve(specifier, context, next) {
  const r = await next(specifier, context)
  return r.url.includes('#${MARK}') && /\\.ts([#?]|$)/.test(r.url) ? { ...r, format: 'module-typescript' } : r
}`
let registered = false

/**
 * Imports a TypeScript/JavaScript config module from anywhere on disk and returns its default export.
 * A module that fails to load (syntax error, a throw at import, a missing import) is a ConfigError naming
 * the file and, in its details, the cause with its file and line.
 */
export async function importConfigModule(file: string, shownAs: string): Promise<unknown> {
  try {
    await stat(file)
  } catch (cause) {
    throw new ConfigError('--config', 'a readable config file', shownAs, { cause })
  }
  if (!registered) {
    register(`data:text/javascript,${encodeURIComponent(hook)}`)
    registered = true
  }
  let mod: { default?: unknown }
  try {
    mod = (await import(`${pathToFileURL(file).href}#${MARK}`)) as { default?: unknown }
  } catch (cause) {
    throw new ConfigError(shownAs, 'a config module that loads', undefined, { details: describeLoadError(cause, file) })
  }
  if (mod.default === undefined) throw new ConfigError(shownAs, 'a default export (export default defineConfig({ … }))')
  return mod.default
}

/** `file:line:column: message` of a load failure: esbuild's location for a syntax error, else the first stack frame in the file. */
function describeLoadError(cause: unknown, file: string): string {
  const e = cause as { message?: unknown; stack?: unknown; errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }
  const first = e?.errors?.[0]
  if (first?.location) return `${first.location.file}:${first.location.line}:${first.location.column}: ${first.text}`
  const lines = String(e?.message ?? cause).split('\n')
  // esbuild's message is "Transform failed with 1 error:" then "file:line:column: ERROR: text".
  const at = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:#[^:]*)?:(\\d+):(\\d+): (?:ERROR: )?(.*)`)
  for (const l of lines) {
    const m = at.exec(l)
    if (m) return `${file}:${m[1]}:${m[2]}: ${m[3]}`
  }
  const message = lines[0]
  const frame = typeof e?.stack === 'string' ? e.stack.split('\n').find((l) => l.includes(file)) : undefined
  const where = frame ? /((?:file:\/\/)?\/[^\s()]+:\d+:\d+)/.exec(frame)?.[1]?.replace(/^file:\/\//, '').replace(/[?#][^:]*/, '') : undefined
  return where ? `${where}: ${message}` : `${file}: ${message}`
}
