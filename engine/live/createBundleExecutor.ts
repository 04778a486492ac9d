import { keccak256, type Hex } from 'viem'
import type { LocalAccount, PrivateKeyAccount } from 'viem/accounts'
import type { RawReceipt } from '../chain/waitForReceipt.js'
import type { BuilderEndpoint } from '../bundles/BuilderEndpoint.js'
import { createBundleClient, type BundleClient } from '../bundles/createBundleClient.js'
import { submitBundle, type BundleResult } from '../bundles/submitBundle.js'
import { BaseError } from '../errors/BaseError.js'
import { encodeArbCall } from '../executors/arbExecutor/encodeArbCall.js'
import { failedExecution as fail } from '../executors/arbExecutor/failedExecution.js'
import { gasLimit } from '../executors/arbExecutor/gasLimit.js'
import { readArbitrageLogs } from '../executors/arbExecutor/readArbitrageLogs.js'
import { readFlashFee } from '../executors/arbExecutor/readFlashFee.js'
import type { ExecutionResult } from '../executors/Executor.js'
import type { Address } from '../market/types.js'
import type { Store } from '../store/openStore.js'
import { createChainExecutor, type ChainExecutor, type ChainExecutorOptions } from './createChainExecutor.js'

/** The error of a trade whose bundle landed in none of its target blocks: it paid nothing. */
export const BUNDLE_NOT_INCLUDED = 'bundle not included'

export type BundleExecutorOptions = Omit<ChainExecutorOptions, 'account' | 'stuckAfterMs' | 'maxReplacements'> & {
  /** Signs the trade transactions (the executor's owner). */
  account: PrivateKeyAccount
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
}

/**
 * The live executor for `execution.submit: 'bundle'`: simulates as the chain executor does (same call, same
 * next-block environment), then signs the ArbExecutor call with the trading key and sends it as a one-transaction
 * bundle (no reverting transaction allowed) to every builder for blocks N+1 … N+K, N being the chain's head when
 * it is sent, after an `eth_callBundle` pre-check where a builder supports it. It follows the bundle to the end
 * (`submissions` rows through submitBundle) and answers:
 * - landed: the receipt's realized profit and builder payment (ArbExecutor's own events), gas and fees;
 * - not landed: success false, no gas paid, error `bundle not included` (non-inclusion costs nothing), and the
 *   nonce is handed back, as the transaction was never mined;
 * - not sent (a pre-check showed a revert, every builder refused): success false, nothing paid, the nonce back.
 *   When every builder refused and the chain moved on meanwhile (a block built between reading the head and
 *   sending), it is sent once more for the new head.
 * Never falls back to the public mempool.
 *
 * @example
 * const executor = createBundleExecutor({ rpc, manifest, chainId, account, bundleSigner, builders: config.execution.builders!, bundleBlocks: 2, store })
 */
export function createBundleExecutor(options: BundleExecutorOptions): ChainExecutor {
  const { rpc, manifest, account } = options
  if (options.bundleSigner.address.toLowerCase() === account.address.toLowerCase()) {
    throw new BaseError('The bundle signing key is the trading key', { details: 'sign bundles with a separate key (ARB_BUNDLE_SIGNING_KEY)' })
  }
  const chain = createChainExecutor({ rpc, manifest, chainId: options.chainId, account, maxGasPrice: options.maxGasPrice, onTiming: options.onTiming })
  const nonces = chain.nonces!
  const executor = manifest.executor!.toLowerCase() as Address
  const client = options.client ?? createBundleClient({ builders: options.builders, signer: options.bundleSigner })
  const blocks = options.bundleBlocks ?? 1
  let baseFee = 0n

  /** A nonce whose transaction was never mined: the next trade signs with it again. */
  const giveBack = async (nonce: number) => {
    nonces.release(nonce)
    if (nonces.peek() !== nonce) await nonces.resync()
  }

  return {
    ...chain,
    get halted() {
      return chain.halted
    },
    setHead(block) {
      baseFee = block.baseFee
      chain.setHead(block)
    },

    async execute(order): Promise<ExecutionResult> {
      const { opportunity: o, mode, simulated, minProfit, bidBps, priorityFee } = order
      const started = performance.now()
      if (chain.halted) return fail(started, 'kill switch: not sent')
      // The bundle may wait up to K blocks: leave room for the base fee to rise 12.5% a block.
      let maxFee = baseFee * 2n + priorityFee
      if (options.maxGasPrice !== undefined) {
        if (baseFee + priorityFee > options.maxGasPrice) return fail(started, `gas price ${baseFee + priorityFee} above max ${options.maxGasPrice}: not sent`)
        if (maxFee > options.maxGasPrice) maxFee = options.maxGasPrice
      }
      const nonce = await nonces.take()
      let result: BundleResult
      let signed: Hex
      try {
        signed = await account.signTransaction({
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
        const opportunityId = order.ref?.opportunityId
        const record = options.store && runId !== undefined && opportunityId !== undefined ? { store: options.store, runId, opportunityId } : {}
        const send = async (head: bigint) => ({
          ...(await submitBundle({
            client,
            rpc,
            bundle: { txs: [signed] },
            head,
            blocks,
            precheck: false,
            ...record,
            ...(options.waitForBlock ? { waitForBlock: options.waitForBlock } : {}),
          })),
          checks,
        })
        if (reverted && reverted.status === 'reverted') {
          result = { landed: false, notSent: { code: 'precheck-reverted', detail: `${reverted.builder}: ${reverted.error}` }, checks, submissions: [] }
        } else {
          const head = BigInt(await rpc.request<Hex>('eth_blockNumber'))
          result = await send(head)
          // Every builder refused, and a block was built meanwhile: the targets were stale; once more for the new head.
          if (result.notSent?.code === 'not-accepted') {
            const now = BigInt(await rpc.request<Hex>('eth_blockNumber'))
            if (now > head) result = await send(now)
          }
        }
        options.onBundle?.({ ...result, ...(opportunityId !== undefined ? { opportunityId } : {}) })
      } catch (e) {
        // Sent or not, the outcome is unknown: count nonces again from the node rather than guess.
        await nonces.resync()
        return fail(started, `bundle submission failed: ${e instanceof BaseError ? e.shortMessage : (e as Error).message}`)
      }
      const txHash = keccak256(signed)
      if (result.notSent) {
        await giveBack(nonce)
        return fail(started, `bundle not sent: ${result.notSent.code}: ${result.notSent.detail}`)
      }
      // Landed in a target, or (its first transaction being on chain anyway) somewhere else: the receipt says what it did.
      if (result.landedBlock === undefined) {
        await giveBack(nonce)
        return fail(started, BUNDLE_NOT_INCLUDED)
      }
      return readLanded(txHash, started)
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
