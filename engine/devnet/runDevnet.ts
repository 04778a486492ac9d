import { resolve } from 'node:path'
import { startLocalBuilder, type LocalBuilder, type LocalBuilderOptions } from '../builder/startLocalBuilder.js'
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
  /**
   * Also start a local block builder in front of the devnet (engine/builder): Anvil then runs with
   * `--order fifo`, and once deployed, automine is off and blocks come from the builder.
   */
  builder?: Omit<LocalBuilderOptions, 'anvil' | 'rpcUrl'>
}

/**
 * `arb devnet up`: starts Anvil, deploys the devnet and writes its manifest; with `builder`, also starts the
 * local block builder in front of it. The caller owns what is returned (stop the builder, then Anvil, on
 * SIGINT/SIGTERM); if anything fails, what was started is stopped before the error is thrown.
 *
 * @example
 * const { anvil, builder, manifestPath } = await runDevnet({ port: 8545, builder: { intervalMs: 12_000, blockTime: 12 } })
 * console.log(`builder ${builder!.url}`)
 * console.log(`ready ${anvil.rpcUrl} ${manifestPath}`)
 */
export async function runDevnet(
  options: RunDevnetOptions = {},
): Promise<{ anvil: Anvil; manifest: Manifest; manifestPath: string; builder?: LocalBuilder }> {
  const extraArgs = [...(options.anvil?.extraArgs ?? []), ...(options.builder ? ['--order', 'fifo'] : [])]
  const anvil = await startAnvil({
    ...options.anvil,
    ...(extraArgs.length > 0 ? { extraArgs } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  })
  try {
    const manifest = await deployDevnet(anvil, options.seed !== undefined ? { seed: options.seed } : {})
    const manifestPath = resolve(options.manifestPath ?? DEFAULT_MANIFEST_PATH)
    await writeManifest(manifestPath, manifest)
    const builder = options.builder ? await startLocalBuilder({ ...options.builder, anvil }) : undefined
    return { anvil, manifest, manifestPath, ...(builder ? { builder } : {}) }
  } catch (e) {
    await anvil.stop()
    throw e
  }
}
