import { keccak256, type Hex } from 'viem'
import type { LocalAccount, PrivateKeyAccount } from 'viem/accounts'
import type { RawReceipt } from '../chain/waitForReceipt.js'
import type { BuilderEndpoint } from '../bundles/BuilderEndpoint.js'
import { createBundleClient, type BundleClient } from '../bundles/createBundleClient.js'
import { pollForBlock } from '../bundles/pollForBlock.js'
import { sendBundleOnly, type BundleResult } from '../bundles/submitBundle.js'
import { BaseError } from '../errors/BaseError.js'
import { encodeArbCall } from '../executors/arbExecutor/encodeArbCall.js'
import { failedExecution as fail } from '../executors/arbExecutor/failedExecution.js'
import { gasLimit } from '../executors/arbExecutor/gasLimit.js'
import { readArbitrageLogs } from '../executors/arbExecutor/readArbitrageLogs.js'
import { readFlashFee } from '../executors/arbExecutor/readFlashFee.js'
import type { ExecutionResult, TradeOrder } from '../executors/Executor.js'
import { ConfigError } from '../errors/ConfigError.js'
import { BUNDLE_NOT_INCLUDED } from '../executors/bundle/asBundleResult.js'
import type { Address } from '../market/types.js'
import type { Store } from '../store/openStore.js'
import { createChainExecutor, type ChainExecutor, type ChainExecutorOptions } from './createChainExecutor.js'
import { createNonceManager, type NonceManager } from './createNonceManager.js'

/** A trading account and its nonces. */
type Lane = { account: PrivateKeyAccount; nonces: NonceManager; headNonce: number | undefined; stale: boolean }

export { BUNDLE_NOT_INCLUDED } from '../executors/bundle/asBundleResult.js'

export type BundleExecutorOptions = Omit<ChainExecutorOptions, 'account' | 'stuckAfterMs' | 'maxReplacements'> & {
  /** Signs the trade transactions: the first trading account (the executor's owner or an allowed executor). */
  account: PrivateKeyAccount
  /**
   * More trading accounts (execution.bundleAccounts − 1), each the owner or an allowed executor: the trades of one
   * head go to `account`, then these, in turn, so up to 1 + traders.length of them can land in one block.
   */
  traders?: readonly PrivateKeyAccount[]
  /** Signs the X-Flashbots-Signature header: a separate key, never the trading key. */
  bundleSigner: LocalAccount
  /** Every builder is sent the same bundle (execution.builders). */
  builders: readonly BuilderEndpoint[]
  /** Target blocks N+1 … N+K (execution.bundleBlocks). Default 1. */
  bundleBlocks?: number
  /** Pre-check with eth_callBundle where a builder supports it. Default true. */
  precheck?: boolean
  /** Where the `submissions` rows go (with the run id and opportunity id of each order). */
  store?: Store
  /** The run the rows belong to, when orders do not say (see TradeOrder.ref). */
  runId?: () => string | undefined
  /** Resolves once block `n` is mined (default: poll the node every 200 ms). */
  waitForBlock?: (n: bigint) => Promise<void>
  /** Each bundle's outcome, for logs and metrics. */
  onBundle?: (result: BundleResult & { opportunityId?: string }) => void
  /** Builder client (default: createBundleClient over `builders` with `bundleSigner`). */
  client?: BundleClient
  /** The run's stop: bundles still followed then get `stopWaitMs` to settle, then are recorded as unknown. */
  signal?: AbortSignal
  /** How long, after `signal` aborts, bundles in flight may still settle. Default 30 s; at most 10 minutes. */
  stopWaitMs?: number
}

/** The error of a trade whose bundle was still waiting for a target block when the run stopped: landed or not is unknown. */
export const BUNDLE_OUTCOME_UNKNOWN = 'bundle outcome unknown at stop'
/** Default of `stopWaitMs`: two and a half 12-second slots. */
export const DEFAULT_BUNDLE_STOP_WAIT_MS = 30_000
const MAX_STOP_WAIT_MS = 600_000

class TrackingStopped extends BaseError {
  override name = 'TrackingStopped'
}

/**
 * The live executor for `execution.submit: 'bundle'`: simulates as the chain executor does (same call, same
 * next-block environment), then signs the ArbExecutor call with the trading key and sends it as a one-transaction
 * bundle (no reverting transaction allowed) to every builder for blocks N+1 … N+K, N being the chain's head when
 * it is sent, after an `eth_callBundle` pre-check where a builder supports it. `send` answers once the bundle is
 * out and follows it in the background (`settled`), so the engine goes on with the block's next trade and the next
 * head; `execute` is `send` awaited to the end. Following writes the `submissions` rows (submitBundle) and answers:
 * - landed: the receipt's realized profit and builder payment (ArbExecutor's own events), gas and fees;
 * - not landed: success false, no gas paid, error `bundle not included` (non-inclusion costs nothing);
 * - not sent (a pre-check showed a revert, every builder refused): success false, nothing paid.
 *   When every builder refused and the chain moved on meanwhile (a block built between reading the head and
 *   sending), it is sent once more for the new head.
 * - unknown: the run stopped (`signal`) and the target blocks did not come within `stopWaitMs` (or `close()` was
 *   called): success false, nothing paid, error `bundle outcome unknown at stop`; the `submissions` rows keep
 *   `landed` NULL.
 * The trades of one head go to the trading accounts in turn (`account`, then `traders`): bundles of different
 * accounts do not conflict, so as many land in one block as there are accounts (execution.bundleAccounts; the
 * pipeline sends no more a block). Each account's nonce is the chain's, read once per head; trades of one head on
 * one account share it and go out as alternatives (the builder keeps the best-paying one that executes; the others
 * conflict and cost nothing). A bundle still waiting for a later target (bundleBlocks > 1) and a trade of the next
 * head on the same account may share it too.
 * Never falls back to the public mempool.
 *
 * @example
 * const executor = createBundleExecutor({ rpc, manifest, chainId, account, bundleSigner, builders: config.execution.builders!, bundleBlocks: 2, store })
 */
export function createBundleExecutor(options: BundleExecutorOptions): ChainExecutor {
  const { rpc, manifest, account } = options
  const accounts = [account, ...(options.traders ?? [])]
  const addresses = accounts.map((a) => a.address.toLowerCase())
  if (addresses.includes(options.bundleSigner.address.toLowerCase())) {
    throw new BaseError('The bundle signing key is the trading key', { details: 'sign bundles with a separate key (ARB_BUNDLE_SIGNING_KEY)' })
  }
  if (new Set(addresses).size !== addresses.length) throw new BaseError('Two trading accounts are the same', { details: 'each trading account needs its own key (its own nonce)' })
  const chain = createChainExecutor({ rpc, manifest, chainId: options.chainId, account, maxGasPrice: options.maxGasPrice, onTiming: options.onTiming })
  // One lane per trading account: its nonce manager and the nonce its bundles of the current head sign with.
  const lanes: Lane[] = accounts.map((a, i) => ({ account: a, nonces: i === 0 ? chain.nonces! : createNonceManager(rpc, a.address), headNonce: undefined, stale: true }))
  // The lane of the head's next trade.
  let nextLane = 0
  const executor = manifest.executor!.toLowerCase() as Address
  const client = options.client ?? createBundleClient({ builders: options.builders, signer: options.bundleSigner })
  const blocks = options.bundleBlocks ?? 1
  const stopWaitMs = options.stopWaitMs ?? DEFAULT_BUNDLE_STOP_WAIT_MS
  if (!Number.isInteger(stopWaitMs) || stopWaitMs < 0 || stopWaitMs > MAX_STOP_WAIT_MS) {
    throw new ConfigError('stopWaitMs', `an integer number of milliseconds from 0 to ${MAX_STOP_WAIT_MS}`, stopWaitMs)
  }
  let baseFee = 0n

  // Bundles followed in the background, and the stop that cuts their waits short.
  const tracks = new Set<Promise<ExecutionResult>>()
  const stopping = new AbortController()
  const stopped = new Promise<never>((_, reject) => stopping.signal.addEventListener('abort', () => reject(stopping.signal.reason), { once: true }))
  stopped.catch(() => {})
  const stopTracking = () => {
    if (!stopping.signal.aborted) stopping.abort(new TrackingStopped('bundle tracking stopped'))
  }
  let stopTimer: NodeJS.Timeout | undefined
  const onAbort = () => {
    stopTimer = setTimeout(stopTracking, stopWaitMs)
    stopTimer.unref()
  }
  if (options.signal?.aborted) onAbort()
  else options.signal?.addEventListener('abort', onAbort, { once: true })
  // The default wait stops polling at the stop; a given one is raced against it.
  const waitForBlock = options.waitForBlock
    ? (n: bigint) => Promise.race([options.waitForBlock!(n), stopped])
    : (n: bigint) => pollForBlock(rpc, n, { signal: stopping.signal })

  /** Once a trade is settled, its lane's nonce manager follows the chain again (for the reorg handler and `peek`). */
  const recount = (lane: Lane) => lane.nonces.resync().catch(() => (lane.stale = true))

  const send = async (order: TradeOrder): Promise<{ settled: Promise<ExecutionResult> }> => {
    const done = (r: ExecutionResult) => ({ settled: Promise.resolve(r) })
    const { opportunity: o, mode, simulated, minProfit, bidBps, priorityFee } = order
    const started = performance.now()
    if (chain.halted) return done(fail(started, 'kill switch: not sent'))
    // The bundle may wait up to K blocks: leave room for the base fee to rise 12.5% a block.
    let maxFee = baseFee * 2n + priorityFee
    if (options.maxGasPrice !== undefined) {
      if (baseFee + priorityFee > options.maxGasPrice) return done(fail(started, `gas price ${baseFee + priorityFee} above max ${options.maxGasPrice}: not sent`))
      if (maxFee > options.maxGasPrice) maxFee = options.maxGasPrice
    }
    // Each trade of a head gets the next account: their bundles do not conflict and can land in one block. Past the
    // last account (the pipeline sends no more than execution.bundleAccounts a block), accounts are reused.
    const lane = lanes[nextLane++ % lanes.length]!
    let nonce: number
    try {
      // Once per head, the account's nonce from the chain (bundles are never in the public mempool): every trade of
      // the head on this account signs with it, so they are alternatives and the builder includes the best-paying one
      // that still executes. Consecutive nonces would not do: a builder simulates each bundle alone at the top of the
      // block, where the second nonce is a gap, so it could never land.
      if (lane.stale || lane.headNonce === undefined) {
        lane.stale = false
        await lane.nonces.resync()
        lane.headNonce = lane.nonces.peek()!
      }
      nonce = lane.headNonce
    } catch (e) {
      lane.stale = true
      return done(fail(started, `bundle submission failed: ${e instanceof BaseError ? e.shortMessage : (e as Error).message}`))
    }
    let signed: Hex
    let sent: Awaited<ReturnType<typeof sendBundleOnly>>
    let opportunityId: string | undefined
    let head: bigint
    try {
      signed = await lane.account.signTransaction({
        type: 'eip1559',
        chainId: options.chainId,
        nonce,
        to: executor,
        data: encodeArbCall(o, mode, minProfit, bidBps),
        gas: gasLimit(simulated.gasUsed),
        maxFeePerGas: maxFee,
        maxPriorityFeePerGas: priorityFee,
      })
      // The pre-check first, then the head: targets follow the chain's head right before sending (not the block
      // the opportunity was found in), so a block built during the pre-check does not make them stale.
      const precheck = options.precheck ?? true
      const checks = precheck ? await client.callBundle({ txs: [signed] }, BigInt(await rpc.request<Hex>('eth_blockNumber')) + 1n) : []
      const reverted = checks.find((c) => c.status === 'reverted')
      const runId = order.ref?.runId ?? options.runId?.()
      opportunityId = order.ref?.opportunityId
      const record = options.store && runId !== undefined && opportunityId !== undefined ? { store: options.store, runId, opportunityId } : {}
      const sendFor = async (at: bigint) => {
        const s = await sendBundleOnly({ client, rpc, bundle: { txs: [signed] }, head: at, blocks, precheck: false, ...record, waitForBlock })
        return 'result' in s ? { result: { ...s.result, checks } } : { follow: async () => ({ ...(await s.follow()), checks }) }
      }
      if (reverted && reverted.status === 'reverted') {
        sent = { result: { landed: false, notSent: { code: 'precheck-reverted', detail: `${reverted.builder}: ${reverted.error}` }, checks, submissions: [] } }
      } else {
        head = BigInt(await rpc.request<Hex>('eth_blockNumber'))
        sent = await sendFor(head)
        // Every builder refused, and a block was built meanwhile: the targets were stale; once more for the new head.
        if ('result' in sent && sent.result.notSent?.code === 'not-accepted') {
          const now = BigInt(await rpc.request<Hex>('eth_blockNumber'))
          if (now > head) sent = await sendFor(now)
        }
      }
    } catch (e) {
      // Sent or not, the outcome is unknown: count nonces again from the node rather than guess.
      lane.stale = true
      return done(fail(started, `bundle submission failed: ${e instanceof BaseError ? e.shortMessage : (e as Error).message}`))
    }
    const report = (result: BundleResult) => options.onBundle?.({ ...result, ...(opportunityId !== undefined ? { opportunityId } : {}) })
    if ('result' in sent) {
      report(sent.result)
      return done(fail(started, `bundle not sent: ${sent.result.notSent!.code}: ${sent.result.notSent!.detail}`))
    }
    const follow = sent.follow
    // Sent: what became of it is followed in the background.
    const settled = (async (): Promise<ExecutionResult> => {
      let result: BundleResult
      try {
        result = await follow()
        report(result)
      } catch (e) {
        lane.stale = true
        if (e instanceof TrackingStopped) return fail(started, BUNDLE_OUTCOME_UNKNOWN)
        return fail(started, `bundle not followed: ${e instanceof BaseError ? e.shortMessage : (e as Error).message}`)
      }
      // Landed in a target, or (its first transaction being on chain anyway) somewhere else: the receipt says what it did.
      await recount(lane)
      if (result.landedBlock === undefined) return fail(started, BUNDLE_NOT_INCLUDED)
      try {
        return await readLanded(keccak256(signed), started)
      } catch (e) {
        return fail(started, `landed, receipt not read: ${e instanceof BaseError ? e.shortMessage : (e as Error).message}`, keccak256(signed))
      }
    })()
    tracks.add(settled)
    void settled.finally(() => tracks.delete(settled))
    return { settled }
  }

  return {
    ...chain,
    // Simulations run on the head, without the block's bundles already sent: a later trade on a pool an earlier one
    // uses would be priced on state that is gone once that one lands (and, from another account, no longer an
    // alternative to it). The pipeline keeps such trades back (`pool-taken`), as it does in the backtest.
    landsApart: true,
    get halted() {
      return chain.halted
    },
    setHead(block) {
      baseFee = block.baseFee
      for (const lane of lanes) lane.stale = true
      nextLane = 0
      chain.setHead(block)
    },
    send,
    async execute(order): Promise<ExecutionResult> {
      return (await send(order)).settled
    },
    /** Bundles still followed are recorded as unknown at once (their waits end), then the chain executor closes. */
    async close() {
      options.signal?.removeEventListener('abort', onAbort)
      if (stopTimer) clearTimeout(stopTimer)
      stopTracking()
      await Promise.allSettled([...tracks])
      await chain.close()
    },
  }

  async function readLanded(txHash: Hex, started: number): Promise<ExecutionResult> {
    const receipt = await rpc.request<(RawReceipt & { transactionHash: Hex }) | null>('eth_getTransactionReceipt', [txHash])
    if (!receipt) throw new BaseError(`No receipt for landed transaction ${txHash}`, { details: 'the node lost the block it reported', retryable: true })
    const block = await rpc.request<{ baseFeePerGas: Hex }>('eth_getBlockByNumber', [receipt.blockNumber, false])
    const effectiveGasPrice = BigInt(receipt.effectiveGasPrice)
    const blockBaseFee = BigInt(block.baseFeePerGas)
    const success = receipt.status === '0x1'
    // ArbExecutor's own events: what this transaction kept (after premium and payment) and paid the builder.
    const { profit, payment } = readArbitrageLogs(receipt.logs, executor)
    return {
      success,
      txHash,
      realizedProfit: profit,
      gasUsed: BigInt(receipt.gasUsed),
      effectiveGasPrice,
      flashFee: readFlashFee(receipt.logs, manifest.aave?.pool),
      priorityFee: effectiveGasPrice - blockBaseFee,
      baseFee: blockBaseFee,
      latencyMs: performance.now() - started,
      builderPayment: payment,
      error: success ? null : 'reverted on chain',
    }
  }
}
