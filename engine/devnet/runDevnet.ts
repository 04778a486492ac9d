import { resolve } from 'node:path'
import { startAnvil, type Anvil, type AnvilOptions } from '../chain/startAnvil.js'
import { deployDevnet } from './deployDevnet.js'
import { writeManifest, type Manifest } from './manifest.js'

/** Where `arb devnet up` writes the manifest unless told otherwise. */
export const DEFAULT_MANIFEST_PATH = 'data/devnet/manifest.json'

export type RunDevnetOptions = {
  /** Port for Anvil; a free one when omitted. A port in use fails with AnvilError 'Port N is already in use'. */
  port?: number
  /** Seed for prices and depths (addresses never change with it). Default 1. */
  seed?: number
  /** Manifest file to write. Default `data/devnet/manifest.json` (relative to the working directory). */
  manifestPath?: string
  /** Further Anvil options (chainId, blockTime, …). */
  anvil?: Omit<AnvilOptions, 'port'>
}

/**
 * `arb devnet up`: starts Anvil, deploys the devnet and writes its manifest. The caller owns the returned
 * Anvil (stop it on SIGINT/SIGTERM); if the deployment fails, Anvil is stopped before the error is thrown.
 *
 * @example
 * const { anvil, manifestPath } = await runDevnet({ port: 8545 })
 * console.log(`ready ${anvil.rpcUrl} ${manifestPath}`)
 */
export async function runDevnet(
  options: RunDevnetOptions = {},
): Promise<{ anvil: Anvil; manifest: Manifest; manifestPath: string }> {
  const anvil = await startAnvil({ ...options.anvil, ...(options.port !== undefined ? { port: options.port } : {}) })
  try {
    const manifest = await deployDevnet(anvil, options.seed !== undefined ? { seed: options.seed } : {})
    const manifestPath = resolve(options.manifestPath ?? DEFAULT_MANIFEST_PATH)
    await writeManifest(manifestPath, manifest)
    return { anvil, manifest, manifestPath }
  } catch (e) {
    await anvil.stop()
    throw e
  }
}
