import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { BaseError } from '../errors/BaseError.js'

export type FoundryTool = 'anvil' | 'forge' | 'cast'

const require = createRequire(import.meta.url)

const platformSuffix: Record<string, string> = {
  'linux-x64': 'linux-amd64',
  'linux-arm64': 'linux-arm64',
  'darwin-x64': 'darwin-amd64',
  'darwin-arm64': 'darwin-arm64',
  'win32-x64': 'win32-amd64',
}

/**
 * Path of a Foundry binary shipped in the `@foundry-rs/<tool>-<platform>` npm package. The packages'
 * install scripts may be skipped by npm, so the binary is found from the package itself, never downloaded.
 * `ALPHAPULSE_<TOOL>_BIN` overrides it.
 */
export function foundryBinary(tool: FoundryTool): string {
  const override = process.env[`ALPHAPULSE_${tool.toUpperCase()}_BIN`]
  if (override) return override
  const suffix = platformSuffix[`${process.platform}-${process.arch}`]
  if (!suffix) throw new BaseError(`No ${tool} binary for ${process.platform}-${process.arch}`)
  const pkg = `@foundry-rs/${tool}-${suffix}`
  let dir: string
  try {
    dir = dirname(require.resolve(`${pkg}/package.json`))
  } catch (cause) {
    throw new BaseError(`${pkg} is not installed`, { details: 'run `npm ci` to install the Foundry binaries', cause })
  }
  const bin = join(dir, 'bin', process.platform === 'win32' ? `${tool}.exe` : tool)
  if (!existsSync(bin)) throw new BaseError(`${tool} binary missing at ${bin}`, { details: 'run `npm ci` again' })
  return bin
}
