import type { RpcClient } from '../chain/createRpcClient.js'
import { BaseError } from '../errors/BaseError.js'
import type { Store } from '../store/openStore.js'
import type { BundleCheck, BundleClient, BundleRequest, BundleSubmission } from './createBundleClient.js'
import { pollForBlock } from './pollForBlock.js'
import { recordInclusion } from './recordInclusion.js'
import { targetBlocks } from './targetBlocks.js'
import { resolveSubmissions, trackInclusion, type TrackedSubmission } from './trackInclusion.js'
import { writeSubmissions } from './writeSubmissions.js'

/** What became of a bundle: where it landed, or why it was not sent or did not land. Decisions as data. */
export type BundleResult = {
  /** Landed in one of its target blocks (at `landedBlock`, index `landedIndex`). */
  readonly landed: boolean
  readonly landedBlock?: bigint
  readonly landedIndex?: number
  /** Not sent: `precheck-reverted` (a builder's eth_callBundle shows a revert) or `not-accepted` (every builder refused it). */
  readonly notSent?: { readonly code: 'precheck-reverted' | 'not-accepted'; readonly detail: string }
  readonly checks: readonly BundleCheck[]
  /** One row per builder and target block, with its outcome. */
  readonly submissions: readonly TrackedSubmission[]
}

export type SubmitBundleOptions = {
  client: BundleClient
  /** The chain the bundle should land on (to read receipts); not a builder. */
  rpc: RpcClient
  bundle: BundleRequest
  /** Current head N: targets are N+1 … N+blocks. */
  head: bigint
  /** How many blocks to target (execution.bundleBlocks). Default 1. */
  blocks?: number
  /** Run `eth_callBundle` at the builders that have it first, and do not send if one shows a revert. Default true. */
  precheck?: boolean
  /** Record the rows in `submissions` (all three or none). */
  store?: Store
  runId?: string
  opportunityId?: string
  /** Resolves once block `n` is mined. Default: poll `eth_blockNumber` on `rpc` (every 200 ms, at most 2 minutes per block). */
  waitForBlock?: (n: bigint) => Promise<void>
}

/**
 * Sends a bundle the way a searcher does and follows it to the end: optional `eth_callBundle` pre-check, the
 * same bundle to every builder for blocks N+1 … N+K, then after each target block whether it landed (block,
 * index) or not, written to `submissions` as it goes. Once it lands (or its first transaction is on chain
 * anyway, e.g. its nonce was used), the later targets are settled as not landed without waiting for them.
 * A bundle that never lands costs nothing.
 *
 * @example
 * const result = await submitBundle({ client, rpc, bundle: { txs: [signedTrade] }, head, blocks: 2, store, runId, opportunityId })
 * if (!result.landed) nonces.release(…) // the transaction was never mined
 */
export async function submitBundle(options: SubmitBundleOptions): Promise<BundleResult> {
  const sent = await sendBundleOnly(options)
  return 'result' in sent ? sent.result : sent.follow()
}

/**
 * The two halves of `submitBundle`: sends the bundle (pre-check, every builder, `submissions` rows) and answers
 * at once, with either the final `result` (not sent: nothing to follow) or `follow()`, which waits for the target
 * blocks and settles the rows. A caller that must not wait (the live bundle executor) follows in the background.
 *
 * @example
 * const sent = await sendBundleOnly(options)
 * const settled = 'result' in sent ? Promise.resolve(sent.result) : sent.follow()
 */
export async function sendBundleOnly(options: SubmitBundleOptions): Promise<{ result: BundleResult } | { follow: () => Promise<BundleResult> }> {
  const { client, rpc, bundle, head, store, runId, opportunityId } = options
  if (store !== undefined && (runId === undefined || opportunityId === undefined)) {
    throw new BaseError('submitBundle: store needs runId and opportunityId', { details: 'pass all three, or none' })
  }
  const targets = targetBlocks(head, options.blocks ?? 1)
  const checks = options.precheck === false ? [] : await client.callBundle(bundle, targets[0]!)
  const reverted = checks.find((c) => c.status === 'reverted')
  if (reverted && reverted.status === 'reverted') {
    return { result: { landed: false, notSent: { code: 'precheck-reverted', detail: `${reverted.builder}: ${reverted.error}` }, checks, submissions: [] } }
  }

  const sent = await client.sendBundle(bundle, targets)
  if (store) await writeSubmissions(store, { runId: runId!, opportunityId: opportunityId!, submissions: sent })
  if (sent.every((s) => s.error !== undefined)) {
    const tracked = sent.map((s) => ({ ...s, landed: false }))
    if (store) await recordInclusion(store, { runId: runId!, opportunityId: opportunityId!, tracked })
    return { result: { landed: false, notSent: { code: 'not-accepted', detail: sent.map((s) => s.error).join('; ') }, checks, submissions: tracked } }
  }
  return { follow: () => followBundle(options, targets, sent, checks) }
}

async function followBundle(options: SubmitBundleOptions, targets: readonly bigint[], sent: readonly BundleSubmission[], checks: readonly BundleCheck[]): Promise<BundleResult> {
  const { client, rpc, bundle, store, runId, opportunityId } = options
  const waitForBlock = options.waitForBlock ?? ((n: bigint) => pollForBlock(rpc, n))
  const tracked: TrackedSubmission[] = []
  let settled: { landedBlock: bigint; landedIndex: number } | undefined
  let landed = false
  for (const target of targets) {
    let rows: TrackedSubmission[]
    if (settled) {
      rows = sent.filter((s) => s.targetBlock === target).map((s) => ({ ...s, landed: false, ...settled! }))
    } else {
      await waitForBlock(target)
      const inclusion = await trackInclusion(rpc, { txs: bundle.txs, targetBlock: target })
      if (inclusion.status === 'pending') throw new BaseError(`Block ${target} is not mined yet`, { details: 'waitForBlock resolved early', retryable: true })
      rows = resolveSubmissions(sent, inclusion, client.builders)
      if (inclusion.landed) landed = true
      if (inclusion.landedBlock !== undefined) settled = { landedBlock: inclusion.landedBlock, landedIndex: inclusion.landedIndex! }
    }
    if (store) await recordInclusion(store, { runId: runId!, opportunityId: opportunityId!, tracked: rows })
    tracked.push(...rows)
  }
  return {
    landed,
    ...(landed && settled ? { landedBlock: settled.landedBlock, landedIndex: settled.landedIndex } : {}),
    checks,
    submissions: tracked,
  }
}
