import type { ArchiveOptions, ArchiveUsage } from '../archive/openArchive.js'
import { readManifest } from '../devnet/manifest.js'
import { ConfigError } from '../errors/ConfigError.js'
import { createForkSource } from '../sources/fork/createForkSource.js'
import { createRealHistorySource } from '../sources/real/createRealHistorySource.js'
import { realDatasets } from '../sources/real/realDatasets.js'
import { createScenarioSource } from '../sources/scenario/createScenarioSource.js'
import { createStreamingScenarioSource } from '../sources/scenario/createStreamingScenarioSource.js'
import type { HistorySource } from '../sources/types.js'

/** Where a run's blocks come from, as recorded in `runs.source` (never with an RPC key). */
export type SourceSpec =
  | { kind: 'scenario'; scenario: string; blocks: number; seed: number }
  | { kind: 'dataset'; name: string; from?: number; to?: number }
  | { kind: 'fork'; from: number; to: number; rpc: string; manifest?: string }

/** A source; archive sources also say what they cost upstream (requests, calls, cache hits, bytes). */
export type OpenedSource = HistorySource & { usage?(): ArchiveUsage | undefined }

/**
 * Builds the history source a spec names: a generated scenario (the embedded default), a real-history
 * dataset re-enacted on the devnet, or any archive RPC (`forkUrl`, kept out of the spec). An archive is always
 * served through the engine's loopback forwarder (`openArchive`: the real URL, with its key, stays in this
 * process; immutable reads are cached on disk per `archive.cache`). `onProgress` reports building (scenario or
 * dataset blocks).
 */
export async function openSource(
  spec: SourceSpec,
  options: {
    forkUrl?: string
    /** Cache, rate and batch limits for an archive source (`--cache`, `--rpc-rate`, `--rpc-batch`). */
    archive?: ArchiveOptions
    onProgress?: (done: number, total: number) => void
    /** Generate a scenario while it is replayed (memory stays flat; replayable once). Default false. */
    streaming?: boolean
  } = {},
): Promise<OpenedSource> {
  switch (spec.kind) {
    case 'scenario':
      return options.streaming
        ? createStreamingScenarioSource({ scenario: spec.scenario, blocks: spec.blocks, seed: spec.seed })
        : createScenarioSource({ scenario: spec.scenario, blocks: spec.blocks, seed: spec.seed, onProgress: options.onProgress })
    case 'dataset':
      if (!realDatasets[spec.name]) throw new ConfigError('--dataset', `one of ${Object.keys(realDatasets).join(', ')}`, spec.name)
      return createRealHistorySource({
        name: spec.name,
        ...(spec.from !== undefined ? { from: BigInt(spec.from) } : {}),
        ...(spec.to !== undefined ? { to: BigInt(spec.to) } : {}),
        onProgress: options.onProgress,
      })
    case 'fork': {
      if (!options.forkUrl) throw new ConfigError('--fork-url', 'the archive RPC URL to fork (it is never stored, so pass it again to resume)')
      const manifest = spec.manifest ? await readManifest(spec.manifest) : undefined
      return createForkSource({ rpcUrl: options.forkUrl, from: BigInt(spec.from), to: BigInt(spec.to), ...(manifest ? { manifest } : {}), retries: 3, archive: options.archive ?? {} })
    }
  }
}
