import { resolve } from 'node:path'
import { startLocalBuilder, type LocalBuilder, type LocalBuilderOptions } from '../builder/startLocalBuilder.js'
import { startAnvil, type Anvil, type AnvilOptions } from '../chain/startAnvil.js'
import { createRpcClient } from '../chain/createRpcClient.js'
import { ConfigError } from '../errors/ConfigError.js'
import { driveScenarioBehindBuilder, MAX_LIVE_SCENARIO_BLOCKS, type LiveScenarioBlock, type LiveScenarioResult } from '../sources/scenario/driveScenarioBehindBuilder.js'
import { validateScenarioOptions } from '../sources/scenario/generateScenario.js'
import { prepareLiveScenario } from '../sources/scenario/prepareLiveScenario.js'
import { deployDevnet } from './deployDevnet.js'
import { sleep } from './sleep.js'
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
  /**
   * With `builder`: drive a generated market scenario on the devnet behind the builder (driveScenarioBehindBuilder),
   * seeded with `seed`: one block every `blockTime` seconds, built by the driver (the builder's own interval is
   * not used). Runs in the background: `scenario` in the result settles when it ends or `signal` aborts it.
   */
  scenario?: { name: string; blocks: number; blockTime: number; signal?: AbortSignal; onBlock?: (block: LiveScenarioBlock) => void }
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
): Promise<{ anvil: Anvil; manifest: Manifest; manifestPath: string; builder?: LocalBuilder; scenario?: Promise<LiveScenarioResult> }> {
  const sc = options.scenario
  if (sc) {
    if (!options.builder) throw new ConfigError('--scenario', 'only with --builder (rivals send their backruns to it as bundles)', sc.name)
    validateScenarioOptions({ scenario: sc.name, blocks: 1, seed: options.seed ?? 1 })
    if (!Number.isInteger(sc.blocks) || sc.blocks < 1 || sc.blocks > MAX_LIVE_SCENARIO_BLOCKS) throw new ConfigError('--blocks', `an integer from 1 to ${MAX_LIVE_SCENARIO_BLOCKS}`, sc.blocks)
    if (!Number.isInteger(sc.blockTime) || sc.blockTime < 1 || sc.blockTime > 3_600) throw new ConfigError('--block-time', 'with --scenario, an integer number of seconds from 1 to 3600', sc.blockTime)
  }
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
    const rpc = createRpcClient(anvil.rpcUrl, { retries: 0, timeoutMs: 120_000 })
    const setup = sc ? await prepareLiveScenario(rpc, manifest) : undefined
    // The scenario builds its own blocks: the builder's interval would race it.
    const builderOptions = sc ? { ...options.builder, intervalMs: 0, blockTime: sc.blockTime } : options.builder
    const builder = builderOptions ? await startLocalBuilder({ ...builderOptions, anvil }) : undefined
    const scenario =
      sc && setup && builder
        ? driveScenarioBehindBuilder({
            rpc,
            builder,
            setup,
            scenario: sc.name,
            seed: options.seed ?? 1,
            blocks: sc.blocks,
            ...(sc.signal ? { signal: sc.signal } : {}),
            ...(sc.onBlock ? { onBlock: sc.onBlock } : {}),
            beforeBuild: () => sleep(sc.blockTime * 1000, sc.signal),
          })
        : undefined
    return { anvil, manifest, manifestPath, ...(builder ? { builder } : {}), ...(scenario ? { scenario } : {}) }
  } catch (e) {
    await anvil.stop()
    throw e
  }
}
