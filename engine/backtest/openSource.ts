import { readManifest } from '../devnet/manifest.js'
import { mainnetProfile } from '../devnet/mainnetProfile.js'
import { ConfigError } from '../errors/ConfigError.js'
import { redactUrl } from '../errors/redactUrl.js'
import { generateScenario } from '../sources/scenario/generateScenario.js'
import { createRpcClient } from '../chain/createRpcClient.js'
import { createRpcRangeSource } from '../sources/createRpcRangeSource.js'
import type { HistorySource } from '../sources/types.js'

/** Where a run's blocks come from, as recorded in `runs.source` (never with an RPC URL). */
export type SourceSpec =
  | { kind: 'scenario'; scenario: string; blocks: number; seed: number }
  | { kind: 'dataset'; name: string }
  | { kind: 'fork'; from: number; to: number; rpc: string; manifest?: string }

export type OpenedSource = { source: HistorySource; spec: SourceSpec }

/**
 * Builds the history source a spec names: a generated scenario (the embedded default), a real-history
 * dataset, or any archive RPC (`forkUrl`, kept out of the spec). `onProgress` reports scenario building.
 */
export async function openSource(
  spec: SourceSpec,
  options: { forkUrl?: string; onProgress?: (done: number, total: number) => void } = {},
): Promise<HistorySource> {
  switch (spec.kind) {
    case 'scenario': {
      const g = await generateScenario({ scenario: spec.scenario, blocks: spec.blocks, seed: spec.seed, onProgress: options.onProgress })
      return createRpcRangeSource({
        rpcUrl: g.anvil.rpcUrl,
        manifest: g.manifest,
        from: g.fromBlock,
        to: g.head.number,
        name: `scenario:${spec.scenario}:seed=${spec.seed}:blocks=${spec.blocks}`,
        onClose: () => g.anvil.stop(),
      })
    }
    case 'dataset':
      throw new ConfigError('--dataset', 'the name of an installed dataset', spec.name)
    case 'fork': {
      if (!options.forkUrl) throw new ConfigError('--fork-url', 'the archive RPC URL to fork (it is never stored, so pass it again to resume)')
      const manifest = spec.manifest ? await readManifest(spec.manifest) : mainnetProfile
      const rpc = createRpcClient(options.forkUrl, { retries: 3 })
      const chainId = Number(BigInt(await rpc.request<string>('eth_chainId')))
      const head = BigInt(await rpc.request<string>('eth_blockNumber'))
      if (BigInt(spec.to) > head) throw new ConfigError('--to', `a block at or below the node's head (${head})`, spec.to)
      if (chainId !== manifest.chainId) {
        throw new ConfigError('--manifest', `a manifest for chain ${chainId} (the RPC's chain)`, `a manifest for chain ${manifest.chainId}`)
      }
      return createRpcRangeSource({
        rpcUrl: options.forkUrl,
        manifest,
        chainId,
        from: BigInt(spec.from),
        to: BigInt(spec.to),
        name: `fork:${redactUrl(options.forkUrl)}`,
      })
    }
  }
}
