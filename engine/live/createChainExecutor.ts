import { decodeFunctionResult, encodeFunctionData, erc20Abi, type Hex } from 'viem'
import type { PrivateKeyAccount } from 'viem/accounts'
import type { RawReceipt } from '../chain/waitForReceipt.js'
import type { RpcClient } from '../chain/createRpcClient.js'
import type { Manifest } from '../devnet/manifest.js'
import { BaseError } from '../errors/BaseError.js'
import { decodeArbResult, encodeArbCall } from '../executors/arbExecutor/encodeArbCall.js'
import { readArbitrageLogs } from '../executors/arbExecutor/readArbitrageLogs.js'
import { failedExecution as fail } from '../executors/arbExecutor/failedExecution.js'
import { gasLimit } from '../executors/arbExecutor/gasLimit.js'
import { readFlashFee } from '../executors/arbExecutor/readFlashFee.js'
import { createCallSimulator } from '../executors/createCallSimulator.js'
import type { Executor } from '../executors/Executor.js'
import { revertReason } from '../executors/revertReason.js'
import { SLOT_SECONDS } from '../executors/slotSeconds.js'
import type { Address, Opportunity } from '../market/types.js'
import type { HistoryBlock } from '../sources/types.js'
import { createNonceManager, type NonceManager } from './createNonceManager.js'

/** Moments of one trade, for latency figures (performance.now() milliseconds). */
export type TradeTiming = { opportunity: Opportunity; simulateAt: number; signedAt?: number; sentAt?: number; minedAt?: number; txHash?: Hex }

export type ChainExecutor = Executor & {
  /** The head the next trades price their fees from. */
  setHead(block: HistoryBlock): void
  /** Stops sending at once (kill switch): `execute` then returns a failure without signing. */
  halt(): void
  readonly halted: boolean
  readonly nonces: NonceManager | undefined
}

export type ChainExecutorOptions = {
  rpc: RpcClient
  manifest: Manifest
  chainId: number
  /** Signs live transactions. Without it (paper mode) simulations run from `from` and `execute` refuses. */
  account?: PrivateKeyAccount
  /** Caller of simulations when there is no account (default: the manifest's deployer, the executor owner). */
  from?: Address
  /** Highest maxFeePerGas ever signed, wei (replacements included). */
  maxGasPrice?: bigint
  /** A transaction not mined after this long is replaced with fees 20% higher. Default 12 s. */
  stuckAfterMs?: number
  /** Replacements before giving up on a trade. Default 3. */
  maxReplacements?: number
  onTiming?: (t: TradeTiming) => void
}

/**
 * The live executor: the chain itself, so moveTo does nothing; `simulate` runs the call on `latest` in the next
 * block's environment (one `debug_traceCall`, or eth_call + eth_estimateGas on nodes without debug methods);
 * `execute` signs locally with the key (nonce from the nonce
 * manager, fees from the head, capped by maxGasPrice), sends the raw transaction, replaces it with a bumped
 * fee while it is stuck, and reads the realized profit from the executor's balance at the receipt's block
 * and the one before.
 */
export function createChainExecutor(options: ChainExecutorOptions): ChainExecutor {
  const { rpc, manifest, account } = options
  if (!manifest.executor) throw new BaseError('The manifest has no executor', { details: 'set manifest.executor to your deployed ArbExecutor' })
  const executor = manifest.executor.toLowerCase() as Address
  const from = (account?.address ?? options.from ?? manifest.deployer ?? undefined) as Address | undefined
  if (!from) throw new BaseError('No sender for simulations', { details: 'pass an account or a from address' })
  const stuckAfterMs = options.stuckAfterMs ?? 12_000
  const maxReplacements = options.maxReplacements ?? 3
  const nonces = account ? createNonceManager(rpc, account.address) : undefined
  const simulator = createCallSimulator(rpc)
  const timingOf = new WeakMap<Opportunity, TradeTiming>()
  let head: HistoryBlock | undefined
  let halted = false

  const hex = (n: bigint) => `0x${n.toString(16)}`

  async function receiptOf(hashes: Hex[], deadline: number): Promise<RawReceipt | null> {
    let delay = 2
    for (;;) {
      const receipts = await rpc.batch<(RawReceipt | null)[]>(hashes.map((h) => ({ method: 'eth_getTransactionReceipt', params: [h] })))
      const found = receipts.find((r) => r)
      if (found) return found
      if (Date.now() > deadline) return null
      await new Promise((r) => setTimeout(r, delay))
      delay = Math.min(delay * 2, 50)
    }
  }

  return {
    async moveTo() {},
    async close() {},
    setHead(block) {
      head = block
    },
    halt() {
      halted = true
    },
    get halted() {
      return halted
    },
    nonces,

    async simulate(o, mode, bidBps = 0) {
      const timing: TradeTiming = { opportunity: o, simulateAt: performance.now() }
      timingOf.set(o, timing)
      // In the environment of the block the trade would be mined in (the head's next), as the backtest simulates.
      const next = head && { number: head.number + 1n, timestamp: head.timestamp + SLOT_SECONDS }
      const outcome = await simulator.simulate({ from, to: executor, data: encodeArbCall(o, mode, 1n, bidBps) }, 'latest', next)
      if (!outcome.success) return outcome
      return { success: true, ...decodeArbResult(mode, outcome.output), gasUsed: outcome.gasUsed }
    },

    async execute({ opportunity: o, mode, simulated, minProfit, bidBps, priorityFee }) {
      const started = performance.now()
      const timing = timingOf.get(o) ?? { opportunity: o, simulateAt: started }
      if (halted) return fail(started, 'kill switch: not sent')
      if (!account || !nonces) return fail(started, 'no signing key: paper mode does not send')
      const baseFee = head?.baseFee ?? 0n
      // The next base fee is at most 12.5% above this one; twice it leaves room for several blocks.
      let maxFee = baseFee * 2n + priorityFee
      if (options.maxGasPrice !== undefined) {
        if (baseFee + priorityFee > options.maxGasPrice) return fail(started, `gas price ${baseFee + priorityFee} above max ${options.maxGasPrice}: not sent`)
        if (maxFee > options.maxGasPrice) maxFee = options.maxGasPrice
      }
      let tip = priorityFee
      const gas = gasLimit(simulated.gasUsed)
      const data = encodeArbCall(o, mode, minProfit, bidBps)
      const nonce = await nonces.take()
      const hashes: Hex[] = []
      let receipt: RawReceipt | null = null
      for (let attempt = 0; attempt <= maxReplacements && !receipt; attempt++) {
        if (attempt > 0) {
          // Replace the stuck transaction: same nonce, both fees at least 10% higher (we use 20%).
          const bumpedFee = (maxFee * 12n) / 10n + 1n
          const bumpedTip = (tip * 12n) / 10n + 1n
          if (options.maxGasPrice !== undefined && bumpedFee > options.maxGasPrice) {
            receipt = await receiptOf(hashes, Date.now() + stuckAfterMs)
            break
          }
          maxFee = bumpedFee
          tip = bumpedTip > maxFee ? maxFee : bumpedTip
        }
        const signed = await account.signTransaction({
          type: 'eip1559', chainId: options.chainId, nonce, to: executor, data, gas, maxFeePerGas: maxFee, maxPriorityFeePerGas: tip,
        })
        timing.signedAt ??= performance.now()
        try {
          hashes.push(await rpc.request<Hex>('eth_sendRawTransaction', [signed]))
        } catch (e) {
          if (hashes.length === 0) {
            // Never reached the mempool: the nonce is free again unless the node says it is used.
            const msg = e instanceof Error ? e.message : String(e)
            if (/nonce too low|already known/i.test(msg)) await nonces.resync()
            else nonces.release(nonce)
            return fail(started, `send failed: ${revertReason(e)}`)
          }
          receipt = await receiptOf(hashes, Date.now() + stuckAfterMs)
          break
        }
        timing.sentAt ??= performance.now()
        timing.txHash ??= hashes[0]
        if (attempt === 0) options.onTiming?.(timing)
        receipt = await receiptOf(hashes, Date.now() + stuckAfterMs)
      }
      if (!receipt) return fail(started, `not mined after ${maxReplacements} fee bumps`, hashes[hashes.length - 1] ?? null)
      timing.minedAt = performance.now()
      const txHash = hashes.find(() => true) ?? null
      const mined = BigInt(receipt.blockNumber)
      const balance = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [executor] })
      const [after, before, block, minedTx] = await rpc.batch<[Hex, Hex, { baseFeePerGas: Hex }, { hash: Hex } | null]>([
        { method: 'eth_call', params: [{ to: o.route.startToken, data: balance }, hex(mined)] },
        { method: 'eth_call', params: [{ to: o.route.startToken, data: balance }, hex(mined - 1n)] },
        { method: 'eth_getBlockByNumber', params: [hex(mined), false] },
        { method: 'eth_getTransactionByHash', params: [(receipt as RawReceipt & { transactionHash?: Hex }).transactionHash ?? txHash] },
      ])
      const effectiveGasPrice = BigInt(receipt.effectiveGasPrice)
      const blockBaseFee = BigInt(block.baseFeePerGas)
      const success = receipt.status === '0x1'
      const flashFee = readFlashFee(receipt.logs, manifest.aave?.pool)
      const dec = (raw: Hex) => decodeFunctionResult({ abi: erc20Abi, functionName: 'balanceOf', data: raw }) as bigint
      return {
        success,
        txHash: minedTx?.hash ?? txHash,
        realizedProfit: dec(after) - dec(before),
        gasUsed: BigInt(receipt.gasUsed),
        effectiveGasPrice,
        flashFee,
        priorityFee: effectiveGasPrice - blockBaseFee,
        baseFee: blockBaseFee,
        latencyMs: performance.now() - started,
        builderPayment: readArbitrageLogs(receipt.logs, executor).payment,
        error: success ? null : 'reverted on chain',
      }
    },
  }
}
