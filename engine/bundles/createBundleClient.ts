import type { Hex } from 'viem'
import type { LocalAccount } from 'viem/accounts'
import { ConfigError } from '../errors/ConfigError.js'
import type { BuilderEndpoint } from './BuilderEndpoint.js'
import { computeBundleHash } from './computeBundleHash.js'
import { postSignedRpc } from './postSignedRpc.js'

/** What a searcher puts in a bundle: signed transactions, in order, and how it may be handled. */
export type BundleRequest = {
  /** Signed transactions (what eth_sendRawTransaction takes), executed in this order. */
  readonly txs: readonly Hex[]
  /** Transactions allowed to revert. Default none: the whole bundle is dropped if any reverts. */
  readonly revertingTxHashes?: readonly Hex[]
  /** Lets a later bundle with the same id replace this one, or eth_cancelBundle drop it. */
  readonly replacementUuid?: string
  readonly minTimestamp?: number
  readonly maxTimestamp?: number
}

/** One `eth_sendBundle` to one builder for one target block: the bundle hash it answered, or the error. */
export type BundleSubmission = {
  readonly builder: string
  readonly targetBlock: bigint
  readonly bundleHash: Hex
  /** The hash the builder answered, when it answered one. */
  readonly acceptedHash?: Hex
  readonly error?: string
}

/**
 * An `eth_callBundle` pre-check at one builder: `ok`; `reverted` (the simulation shows a transaction reverting
 * that is not allowed to); `unsupported` (the builder has no such method: skipped, not a failure); `failed`
 * (no usable answer: the bundle may still be fine).
 */
export type BundleCheck =
  | { readonly builder: string; readonly status: 'ok'; readonly result: CallBundleAnswer }
  | { readonly builder: string; readonly status: 'reverted' | 'unsupported' | 'failed'; readonly error: string }

/** The fields of an eth_callBundle answer a searcher acts on (Flashbots format, wei as decimal strings). */
export type CallBundleAnswer = {
  bundleHash?: Hex
  coinbaseDiff?: string
  totalGasUsed?: number
  results?: { txHash: Hex; error?: string; revert?: string; gasUsed?: number }[]
}

export type BundleClient = {
  readonly builders: readonly BuilderEndpoint[]
  /**
   * Simulates the bundle at every builder that supports `eth_callBundle` (for `blockNumber`, on the latest
   * state). A builder without the method answers `unsupported` and is skipped; one whose simulation shows a
   * reverted transaction answers `reverted` with the reason.
   */
  callBundle(bundle: BundleRequest, blockNumber: bigint): Promise<BundleCheck[]>
  /** Sends the bundle to every builder for every target block, all at once; one row per (builder, block). */
  sendBundle(bundle: BundleRequest, targetBlocks: readonly bigint[]): Promise<BundleSubmission[]>
  /** `eth_cancelBundle` at every builder; errors as data, one per builder. */
  cancelBundle(replacementUuid: string): Promise<{ builder: string; ok: boolean; error?: string }[]>
}

/**
 * A client for Flashbots-format builders (`builders: [{ name, url }]`): every request is signed with the bundle
 * signing key in the X-Flashbots-Signature header. The signing key identifies the searcher to builders; it is
 * never the trading key, which signs the transactions themselves before they get here.
 *
 * @example
 * const client = createBundleClient({ builders: config.execution.builders, signer: await loadBundleSigner() })
 * const checks = await client.callBundle({ txs: [signedTx] }, head + 1n)
 * const rows = await client.sendBundle({ txs: [signedTx] }, targetBlocks(head, 3))
 */
export function createBundleClient(options: { builders: readonly BuilderEndpoint[]; signer: LocalAccount; timeoutMs?: number }): BundleClient {
  const { builders, signer } = options
  if (builders.length === 0) throw new ConfigError('execution.builders', 'at least one { name, url } builder endpoint')
  const names = new Set<string>()
  for (const b of builders) {
    if (names.has(b.name)) throw new ConfigError('execution.builders', 'builders with distinct names', b.name)
    names.add(b.name)
  }
  const post = <T>(url: string, method: string, params: unknown[]) =>
    postSignedRpc<T>({ url, method, params, signer, ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}) })

  return {
    builders,
    async callBundle(bundle, blockNumber) {
      const params = [{ txs: bundle.txs, blockNumber: hex(blockNumber), stateBlockNumber: 'latest' }]
      return Promise.all(
        builders.map(async (b): Promise<BundleCheck> => {
          const answer = await post<CallBundleAnswer>(b.url, 'eth_callBundle', params)
          if (!answer.ok) return { builder: b.name, status: answer.code === 'unsupported' ? 'unsupported' : 'failed', error: answer.detail }
          const allowed = new Set((bundle.revertingTxHashes ?? []).map((h) => h.toLowerCase()))
          const bad = (answer.result.results ?? []).find((r) => r.error && !allowed.has(r.txHash.toLowerCase()))
          if (bad) return { builder: b.name, status: 'reverted', error: `transaction ${bad.txHash} reverts: ${bad.revert ?? bad.error}` }
          return { builder: b.name, status: 'ok', result: answer.result }
        }),
      )
    },
    async sendBundle(bundle, targets) {
      const bundleHash = computeBundleHash(bundle.txs)
      const jobs = targets.flatMap((targetBlock) =>
        builders.map(async (b): Promise<BundleSubmission> => {
          const answer = await post<{ bundleHash?: Hex }>(b.url, 'eth_sendBundle', [toParams(bundle, targetBlock)])
          if (!answer.ok) return { builder: b.name, targetBlock, bundleHash, error: answer.detail }
          const accepted = answer.result?.bundleHash
          return { builder: b.name, targetBlock, bundleHash, ...(accepted ? { acceptedHash: accepted } : {}) }
        }),
      )
      return Promise.all(jobs)
    },
    async cancelBundle(replacementUuid) {
      return Promise.all(
        builders.map(async (b) => {
          const answer = await post(b.url, 'eth_cancelBundle', [{ replacementUuid }])
          return answer.ok ? { builder: b.name, ok: true } : { builder: b.name, ok: false, error: answer.detail }
        }),
      )
    },
  }
}

/** The eth_sendBundle params object, in the Flashbots format. */
function toParams(bundle: BundleRequest, targetBlock: bigint): Record<string, unknown> {
  return {
    txs: bundle.txs,
    blockNumber: hex(targetBlock),
    ...(bundle.minTimestamp !== undefined ? { minTimestamp: bundle.minTimestamp } : {}),
    ...(bundle.maxTimestamp !== undefined ? { maxTimestamp: bundle.maxTimestamp } : {}),
    revertingTxHashes: bundle.revertingTxHashes ?? [],
    ...(bundle.replacementUuid !== undefined ? { replacementUuid: bundle.replacementUuid } : {}),
  }
}

const hex = (n: bigint) => `0x${n.toString(16)}`

