import { encodeDeployData, encodeFunctionData, erc20Abi, numberToHex as hex, zeroAddress, type Hex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { arbExecutorAbi } from '../abi/arbExecutor.js'
import { AnvilError } from '../errors/AnvilError.js'
import { DEFAULT_MNEMONIC, type Anvil } from '../chain/startAnvil.js'
import { createRpcClient, RpcResponseError, type RpcRequest } from '../chain/createRpcClient.js'
import { nextBaseFee } from '../chain/nextBaseFee.js'
import type { RawReceipt } from '../chain/waitForReceipt.js'
import { loadArtifact } from '../devnet/loadArtifact.js'
import type { Manifest } from '../devnet/manifest.js'
import { BaseError } from '../errors/BaseError.js'
import type { Address, Opportunity } from '../market/types.js'
import type { HistoryBlock } from '../sources/types.js'
import { createCallSimulator, type NextBlock, type SimulatedCall } from './createCallSimulator.js'
import { decodeArbResult, encodeArbCall } from './arbExecutor/encodeArbCall.js'
import { failedExecution } from './arbExecutor/failedExecution.js'
import { gasLimit } from './arbExecutor/gasLimit.js'
import { readArbitrageLogs } from './arbExecutor/readArbitrageLogs.js'
import { readFlashFee } from './arbExecutor/readFlashFee.js'
import { decodeRevert } from './decodeRevert.js'
import type { ExecutionMode, ExecutionResult, Executor, TradeOrder } from './Executor.js'
import { effectivePriorityFee } from './inclusion/effectivePriorityFee.js'
import { asBundleResult } from './bundle/asBundleResult.js'
import { findRival } from './inclusion/findRival.js'
import { formatInclusion, replaysBlock, type InclusionModel } from './inclusion/InclusionModel.js'
import { landingPosition } from './inclusion/landingPosition.js'
import { mergeStorage } from './inclusion/mergeStorage.js'
import { outcomeOf } from './inclusion/outcomeOf.js'
import { readBlockPrestate } from './inclusion/readBlockPrestate.js'
import { replayableTransactions, type RpcTransaction } from './inclusion/replayableTransactions.js'
import { revertReason } from './revertReason.js'
import { SLOT_SECONDS } from './slotSeconds.js'
import { readPrestateStorage, type PrestateStorage } from './readPrestateStorage.js'
import { startForkNode } from './startForkNode.js'
import { isLoopbackUrl } from '../chain/isLoopbackUrl.js'

export type { ExecutionMode, ExecutionResult, Executor, SimulationResult } from './Executor.js'

export type ForkExecutorOptions = {
  /** JSON-RPC URL of the history source (archive or scenario Anvil). */
  sourceRpcUrl: string
  manifest: Manifest
  /**
   * Where trades land (engine/executors/inclusion/InclusionModel.ts). Default `top`: alone at the top of the next
   * block, the optimistic bound. The simulation is always what the searcher knew: the state at the block found.
   */
  inclusion?: InclusionModel
  /**
   * How long a landed trade waits for its landing block to appear on the source (a live node in paper mode: the
   * trade found at the head lands in the next block, not yet mined). Default 0: a block the source does not have
   * is a trade with nowhere to land.
   */
  landingWaitMs?: number
  /** An Anvil already forking the source (from `startForkNode`), reused across runs (one long-lived Anvil per worker). */
  anvil?: Anvil
  /**
   * Block the fork node starts at (without `anvil`): a replay's first block, so its startup reads are final
   * (cacheable) blocks instead of the archive's moving head. Default: the source's head.
   */
  forkBlock?: bigint
  chainId?: number
}

/** Seconds between fork blocks: replays pin mainnet's 12-second slots (gas can depend on the timestamp). */
export const FORK_BLOCK_SECONDS = SLOT_SECONDS

/** Anvil's first dev account (default mnemonic): sends on forks of chains where the manifest names no deployer. */
const DEV_ACCOUNT = mnemonicToAccount(DEFAULT_MNEMONIC).address.toLowerCase() as Address

/**
 * Simulates and executes opportunities on one long-lived Anvil fork of the history source, moved from block to
 * block with `anvil_reset`. The transaction is sent by the executor's owner (the devnet deployer, the fork's
 * unlocked dev account, or impersonated), so the run never needs a private key.
 *
 * What a block costs is kept to what it needs:
 * - Until a trade executes in a block, candidates are simulated on the source itself at that block (an archive
 *   answers from warm state; no fork to rebuild), one `debug_traceCall` each, in the environment of the block
 *   the trade would be mined in, so simulated gas is the gas the trade will use.
 * - The first trade of a block resets the fork to it. While the fork resets, the source traces which storage
 *   the trade touches; those slots are written into the fresh fork before the trade, instead of being fetched
 *   one by one while it runs. The trade is mined with `evm_mine`; its profit is the executor's balance change.
 * - Later candidates of that block simulate on the fork, so they see the trades before them.
 */
export async function createForkExecutor(options: ForkExecutorOptions): Promise<Executor> {
  const { manifest } = options
  // Without an executor on the source chain (a mainnet fork), one is deployed on the fork after every reset,
  // owned by an Anvil dev account; simulations then always run on the fork.
  const deployOnFork = !manifest.executor
  let executor = (manifest.executor ?? zeroAddress).toLowerCase() as Address
  const sender = (manifest.deployer ?? DEV_ACCOUNT).toLowerCase() as Address
  const owned = !options.anvil
  const anvil = options.anvil ?? (await startForkNode(options.sourceRpcUrl, options.chainId ?? manifest.chainId, options.forkBlock))
  const inclusion = options.inclusion ?? { kind: 'top' }
  // Tracing a whole replayed block to seed the fork pays off only far from the source: on loopback, the fork's lazy
  // fetches of what the block touches cost less than the trace (measured: 78 vs 61 blocks/s with priority).
  const seedReplayedBlock = replaysBlock(inclusion) && !isLoopbackUrl(options.sourceRpcUrl)
  const aavePool = manifest.aave?.pool?.toLowerCase()

  const fork = createRpcClient(anvil.rpcUrl, { retries: 0 })
  const source = createRpcClient(options.sourceRpcUrl)
  const onSource = createCallSimulator(source)
  const onFork = createCallSimulator(fork)

  const callOf = (o: Opportunity, mode: ExecutionMode, minProfit: bigint, bidBps: number): SimulatedCall => ({ from: sender, to: executor, data: encodeArbCall(o, mode, minProfit, bidBps) })
  const balanceCall = (token: Address, blockTag = 'latest'): RpcRequest => ({
    method: 'eth_call',
    params: [{ to: token, data: encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [executor] }) }, blockTag],
  })

  let target: HistoryBlock | null = null
  let forkAt: bigint | null = null
  let prestateSupported = true
  // What the fork's next block will charge and what the executor holds there, tracked from the blocks the
  // executor mines itself so a trade needs no reads before it is sent (cleared by every reset).
  let nextFee: bigint | undefined
  const holdings = new Map<Address, bigint>()
  /** The fork's latest block: the next one, where a trade would be mined, is what fork simulations pretend to run in. */
  let forkHead: { number: bigint; timestamp: bigint } | undefined

  const next = (b: { number: bigint; timestamp: bigint }): NextBlock => ({ number: b.number + 1n, timestamp: b.timestamp + FORK_BLOCK_SECONDS })

  async function resetFork(block: HistoryBlock, seed?: Promise<PrestateStorage | null>): Promise<void> {
    const tag = hex(block.number)
    // The parent header sets the fork's next base fee; fetched while the fork resets.
    const parent = source.request<{ baseFeePerGas?: Hex; gasUsed: Hex; gasLimit: Hex }>('eth_getBlockByNumber', [tag, false])
    parent.catch(() => {})
    for (let attempt = 1; ; attempt++) {
      try {
        await anvil.reset({ forkUrl: options.sourceRpcUrl, blockNumber: block.number })
        break
      } catch (e) {
        // The source may drop a request (Anvil reads the fork block at reset): retry, then give up loudly.
        if (e instanceof AnvilError || attempt >= 5) throw e
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt))
      }
    }
    const header = await parent
    const setup: RpcRequest[] = [
      // Fork blocks would otherwise take the wall clock's time; gas (e.g. a V2 pair's oracle update, which runs
      // only when the second changes) depends on it, so replays pin 12-second steps.
      { method: 'anvil_setBlockTimestampInterval', params: [Number(FORK_BLOCK_SECONDS)] },
      { method: 'evm_setAutomine', params: [false] },
    ]
    // anvil_reset keeps the previous chain's next base fee; derive it from block N as EIP-1559 does, so a
    // resumed run (a fresh Anvil) and an uninterrupted one pay the same fees.
    holdings.clear()
    nextFee = undefined
    if (header.baseFeePerGas !== undefined) {
      nextFee = nextBaseFee({ baseFee: BigInt(header.baseFeePerGas), gasUsed: BigInt(header.gasUsed), gasLimit: BigInt(header.gasLimit) })
      setup.push({ method: 'anvil_setNextBlockBaseFeePerGas', params: [hex(nextFee)] })
    }
    if (sender !== DEV_ACCOUNT) setup.push({ method: 'anvil_impersonateAccount', params: [sender] })
    const storage = seed ? await seed : null
    for (const [address, slots] of Object.entries(storage ?? {})) {
      for (const [slot, value] of Object.entries(slots)) setup.push({ method: 'anvil_setStorageAt', params: [address, slot, value] })
    }
    await fork.batch(setup)
    forkHead = { number: block.number, timestamp: block.timestamp }
    if (deployOnFork) {
      executor = await deployExecutor()
      nextFee = undefined // the deployment's block moved it; read it from the fork
      forkHead = undefined
    }
    forkAt = block.number
  }

  /**
   * Mines the pending transaction `hash` and returns its hash and receipt, with `also` read in the same round trip.
   * Anvil can lose a transaction sent right after its chain was rewound (it answers the hash, then neither mines
   * nor pools it); one the fork no longer knows is sent again with `resend`, once.
   */
  async function mine<T extends unknown[]>(hash: Hex, resend: () => Promise<Hex>, also: RpcRequest[] = []): Promise<[Hex, RawReceipt, ...T]> {
    for (let attempt = 1; ; attempt++) {
      await fork.request('evm_mine')
      const [receipt, ...rest] = await fork.batch<[RawReceipt | null, ...T]>([{ method: 'eth_getTransactionReceipt', params: [hash] }, ...also])
      if (receipt) return [hash, receipt, ...(rest as T)]
      const lost = (await fork.request<unknown>('eth_getTransactionByHash', [hash])) === null
      if (!lost || attempt >= 2) {
        throw new BaseError(`Transaction ${hash} was not mined on the fork`, { details: lost ? 'the fork lost it twice' : 'evm_mine left it pending (gas limit or fee too low?)' })
      }
      hash = await resend()
    }
  }

  async function deployExecutor(): Promise<Address> {
    const artifact = loadArtifact('ArbExecutor')
    const data = encodeDeployData({ abi: arbExecutorAbi, bytecode: artifact.bytecode, args: [sender, (aavePool ?? zeroAddress) as Address] })
    const send = () => fork.request<Hex>('eth_sendTransaction', [{ from: sender, data, gas: '0x4c4b40' }])
    const [, receipt] = (await mine(await send(), send)) as [Hex, RawReceipt & { contractAddress?: Address }]
    if (receipt.status !== '0x1' || !receipt.contractAddress) throw new BaseError('Deploying ArbExecutor on the fork failed')
    return receipt.contractAddress.toLowerCase() as Address
  }

  /** Traces the storage a trade will touch at its block, for a fork about to be reset there (runs alongside the reset). */
  function traceForSeed(call: SimulatedCall, block: HistoryBlock): Promise<PrestateStorage | null> {
    if (!prestateSupported || deployOnFork || onSource.method !== 'trace') return Promise.resolve(null)
    return readPrestateStorage(source, call, hex(block.number), next(block)).catch((e: unknown) => {
      // A node that answers but serves no prestate trace: the fork fetches the state lazily from then on. A
      // dropped request only costs this trade its seed.
      if (e instanceof RpcResponseError) prestateSupported = false
      return null
    })
  }

  // Trades landed among other transactions (every model but `top`): the block they were found at, the fork state
  // they land on (a snapshot of the base reset to), and our trades of that block so far, each re-sent at its place
  // whenever the landing block is mined again.
  let landing: { found: bigint; snapshot: Hex; block: LandingBlock; ours: { call: SimulatedCall; gas: bigint; tip: bigint; position: number }[] } | null = null

  return {
    landsApart: inclusion.kind !== 'top',
    async moveTo(block) {
      target = block
      forkAt = null
      landing = null
    },
    async simulate(o, mode, bidBps = 0) {
      if (deployOnFork && target !== null && forkAt !== target.number) await resetFork(target)
      const call = callOf(o, mode, 1n, bidBps)
      // After a trade of this block, `top` simulates on the fork (it holds the block plus our trades); every other
      // model keeps simulating on what the searcher knew, the source at the block.
      const forked = target === null || forkAt === target.number
      const outcome = forked
        ? await onFork.simulate(call, 'latest', forkHead && next(forkHead))
        : await onSource.simulate(call, hex(target!.number), next(target!))
      if (!outcome.success) return outcome
      return { success: true, ...decodeArbResult(mode, outcome.output), gasUsed: outcome.gasUsed }
    },
    async execute(order) {
      const result = inclusion.kind === 'top' ? await executeTop(order) : await executeLanded(order)
      return order.bundle ? asBundleResult(result) : result
    },
    async close() {
      if (owned) await anvil.stop()
    },
  }

  /** `top`: alone at the top of the next block, on the fork moved to the block found (plus our earlier trades). */
  async function executeTop({ opportunity: o, mode, simulated, minProfit, bidBps, priorityFee }: TradeOrder): Promise<ExecutionResult> {
    const started = performance.now()
    const call = callOf(o, mode, minProfit, bidBps)
    const token = o.route.startToken
    if (target !== null && forkAt !== target.number) {
      // A fresh fork holds what the source holds at that block: read it there while the fork resets.
      const held = deployOnFork ? undefined : source.request<Hex>('eth_call', balanceCall(token, hex(target.number)).params)
      held?.catch(() => {})
      await resetFork(target, traceForSeed(call, target))
      if (held) holdings.set(token, BigInt(await held))
    }
    const before = holdings.get(token) ?? BigInt(await fork.request<Hex>('eth_call', balanceCall(token).params))
    // Cap at twice the next block's base fee (EIP-1559 moves it at most 12.5% a block), the tip on top.
    const fee = nextFee ?? BigInt((await fork.request<{ baseFeePerGas: Hex }>('eth_getBlockByNumber', ['pending', false])).baseFeePerGas)
    const tx = { ...call, gas: hex(gasLimit(simulated.gasUsed)), maxFeePerGas: hex(fee * 2n + priorityFee), maxPriorityFeePerGas: hex(priorityFee) }
    const send = () => fork.request<Hex>('eth_sendTransaction', [tx])
    let sent: Hex
    try {
      sent = await send()
    } catch (e) {
      return failedExecution(started, revertReason(e))
    }
    const [txHash, receipt, block, afterRaw] = await mine<[{ number: Hex; timestamp: Hex; baseFeePerGas: Hex; gasUsed: Hex; gasLimit: Hex }, Hex]>(sent, send, [
      { method: 'eth_getBlockByNumber', params: ['latest', false] },
      balanceCall(token),
    ])
    const after = BigInt(afterRaw)
    const baseFee = BigInt(block.baseFeePerGas)
    nextFee = nextBaseFee({ baseFee, gasUsed: BigInt(block.gasUsed), gasLimit: BigInt(block.gasLimit) })
    forkHead = { number: BigInt(block.number), timestamp: BigInt(block.timestamp) }
    // A route may leave dust of other tokens behind: only the start token's holding is known now.
    holdings.clear()
    holdings.set(token, after)
    const effectiveGasPrice = BigInt(receipt.effectiveGasPrice)
    const success = receipt.status === '0x1'
    const realizedProfit = after - before
    const index = Number(BigInt((receipt as RawReceipt & { transactionIndex: Hex }).transactionIndex))
    return {
      success,
      txHash,
      realizedProfit,
      gasUsed: BigInt(receipt.gasUsed),
      effectiveGasPrice,
      flashFee: readFlashFee(receipt.logs, aavePool),
      priorityFee: effectiveGasPrice - baseFee,
      baseFee,
      builderPayment: readArbitrageLogs(receipt.logs, executor).payment,
      landing: {
        model: 'top',
        block: BigInt(block.number),
        position: index,
        ahead: index,
        rival: null,
        outcome: outcomeOf({ success, realizedProfit, simulatedProfit: simulated.profit, rival: null }),
        replayFailures: 0,
        replayError: null,
      },
      latencyMs: performance.now() - started,
      error: success ? null : await revertOf(txHash),
    }
  }

  /**
   * Every other model: the trade lands where the model puts it. `delay:K` resets the fork to the end of block N+K and
   * mines ours alone in the block after; `priority`, `index:K` and `end` reset it to N and mine block N+1 again: its
   * real signed transactions in their real order, ours inserted where the model says (with our earlier trades of the
   * block at their places). The realized profit and payment come from this transaction's own events; the first
   * transaction ahead that touched one of its pools is the rival.
   */
  async function executeLanded({ opportunity: o, mode, simulated, minProfit, bidBps, priorityFee }: TradeOrder): Promise<ExecutionResult> {
    const started = performance.now()
    if (target === null) return failedExecution(started, 'no block to land after: moveTo was not called')
    const call = callOf(o, mode, minProfit, bidBps)
    if (!landing || landing.found !== target.number) {
      const block = await waitFor(() => readLandingBlock(target!), options.landingWaitMs ?? 0)
      if (!block) return failedExecution(started, `block ${target.number + landingOffset()} is not on the source: the trade has nowhere to land`)
      const seeds = Promise.all([traceForSeed(call, block.base), seedReplayedBlock ? traceBlockForSeed(block.base.number + 1n) : null]).then(([a, b]) => mergeStorage(a, b))
      await resetFork(block.base, seeds)
      landing = { found: target.number, snapshot: await fork.request<Hex>('evm_snapshot'), block, ours: [] }
    } else {
      await fork.request('evm_revert', [landing.snapshot])
      landing.snapshot = await fork.request<Hex>('evm_snapshot')
    }
    forkAt = null // the fork now holds a landed block, not the block found: later simulations run on the source
    const { block } = landing
    const tip = priorityFee
    // What we pay the builder per gas: the tip, plus the coinbase payment spread over the gas.
    const paymentPerGas = tip + (simulated.gasUsed > 0n ? simulated.payment / simulated.gasUsed : 0n)
    const position = landingPosition(inclusion, block.tips, paymentPerGas)
    landing.ours.push({ call, gas: gasLimit(simulated.gasUsed), tip, position })
    const fee = nextFee ?? BigInt((await fork.request<{ baseFeePerGas: Hex }>('eth_getBlockByNumber', ['pending', false])).baseFeePerGas)

    // The block in order: theirs with ours inserted (ours keep their order among themselves).
    type Entry = { kind: 'theirs'; hash: Hex; raw: Hex } | { kind: 'ours'; index: number }
    const entries: Entry[] = []
    const ours = [...landing.ours.entries()].sort((a, b) => a[1].position - b[1].position || a[0] - b[0])
    let k = 0
    for (let i = 0; i <= block.replayable.length; i++) {
      while (k < ours.length && ours[k]![1].position === i) entries.push({ kind: 'ours', index: ours[k++]![0] })
      const t = block.replayable[i]
      if (t) entries.push({ kind: 'theirs', hash: t.hash, raw: t.raw })
    }
    let failures = block.unreplayable.length
    let firstError = block.unreplayable[0] ?? null
    const ourHashes: Hex[] = []
    // One batch, in order: the fork's mempool is first-in first-out and Anvil takes a batch's calls in order, so
    // arrival order is block order. Every answer is read, so a transaction that cannot be replayed is counted.
    const answers = await fork.exchange(
      entries.map((e) => {
        if (e.kind === 'theirs') return { method: 'eth_sendRawTransaction', params: [e.raw] }
        const t = landing!.ours[e.index]!
        return { method: 'eth_sendTransaction', params: [{ ...t.call, gas: hex(t.gas), maxFeePerGas: hex(fee * 2n + t.tip), maxPriorityFeePerGas: hex(t.tip) }] }
      }),
    )
    for (const [k, e] of entries.entries()) {
      const answer = answers[k]!
      if (answer.error === undefined) {
        if (e.kind === 'ours') ourHashes[e.index] = answer.result as Hex
        continue
      }
      const reason = decodeRevert(answer.error.data, answer.error.message)
      if (e.kind === 'ours') {
        await fork.request('anvil_dropAllTransactions')
        return failedExecution(started, reason)
      }
      failures++
      firstError ??= `${e.hash}: ${reason}`
    }
    await fork.request('evm_mine')
    const [mined, receipts] = await fork.batch<[{ number: Hex; baseFeePerGas: Hex; gasUsed: Hex; gasLimit: Hex; transactions: Hex[] }, (RawReceipt & { transactionHash: Hex; transactionIndex: Hex })[]]>([
      { method: 'eth_getBlockByNumber', params: ['latest', false] },
      { method: 'eth_getBlockReceipts', params: ['latest'] },
    ])
    // What did not make it into the block (left out when it was full, or lost by the fork) is dropped, not mined later.
    await fork.request('anvil_dropAllTransactions')
    const included = new Set(mined.transactions.map((h) => h.toLowerCase()))
    for (const t of block.replayable) {
      if (!included.has(t.hash.toLowerCase())) {
        failures++
        firstError ??= `${t.hash}: not included in the replayed block`
      }
    }
    const txHash = ourHashes[landing.ours.length - 1]!
    const receipt = receipts.find((r) => r.transactionHash.toLowerCase() === txHash.toLowerCase())
    if (!receipt) return failedExecution(started, `our transaction ${txHash} was not included in the replayed block (block full?)`, txHash)
    const index = Number(BigInt(receipt.transactionIndex))
    const pools = new Set(o.route.hops.map((h) => h.pool.address.toLowerCase()))
    const rival = findRival(receipts.filter((r) => !ourHashes.some((h) => h?.toLowerCase() === r.transactionHash.toLowerCase())), index, pools)
    const success = receipt.status === '0x1'
    const kept = readArbitrageLogs(receipt.logs, executor)
    const baseFee = BigInt(mined.baseFeePerGas)
    const effectiveGasPrice = BigInt(receipt.effectiveGasPrice)
    return {
      success,
      txHash,
      realizedProfit: kept.profit,
      gasUsed: BigInt(receipt.gasUsed),
      effectiveGasPrice,
      flashFee: readFlashFee(receipt.logs, aavePool),
      priorityFee: effectiveGasPrice - baseFee,
      baseFee,
      builderPayment: kept.payment,
      landing: {
        model: formatInclusion(inclusion),
        block: BigInt(mined.number),
        position: index,
        ahead: index,
        rival,
        outcome: outcomeOf({ success, realizedProfit: kept.profit, simulatedProfit: simulated.profit, rival }),
        replayFailures: failures,
        replayError: firstError,
      },
      latencyMs: performance.now() - started,
      error: success ? null : await revertOf(txHash),
    }
  }

  /** `read()` until it gives something or `ms` have passed (polled every 100 ms). */
  async function waitFor<T>(read: () => Promise<T | null>, ms: number): Promise<T | null> {
    const deadline = Date.now() + ms
    for (;;) {
      const got = await read()
      if (got !== null || Date.now() >= deadline) return got
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  function landingOffset(): bigint {
    return inclusion.kind === 'delay' ? BigInt(inclusion.blocks) : 0n
  }

  /**
   * What a trade found at `found` lands on: the base block the fork resets to (N+K for `delay:K`, else N) and, for the
   * replaying models, block N+1's transactions (replayable ones with their effective tips, and why the others are
   * not), without calls to our own ArbExecutor. Null when the source has no such block yet.
   */
  async function readLandingBlock(found: HistoryBlock): Promise<LandingBlock | null> {
    if (inclusion.kind === 'delay') {
      const n = found.number + BigInt(inclusion.blocks)
      const header = await source.request<{ number: Hex; hash: Hex; timestamp: Hex; baseFeePerGas?: Hex } | null>('eth_getBlockByNumber', [hex(n), false])
      if (!header) return null
      return { base: { number: n, hash: header.hash, timestamp: BigInt(header.timestamp), baseFee: BigInt(header.baseFeePerGas ?? '0x0') }, replayable: [], tips: [], unreplayable: [] }
    }
    const raw = await source.request<{ baseFeePerGas?: Hex; transactions: RpcTransaction[] } | null>('eth_getBlockByNumber', [hex(found.number + 1n), true])
    if (!raw) return null
    const baseFee = BigInt(raw.baseFeePerGas ?? '0x0')
    const replayable: { hash: Hex; raw: Hex }[] = []
    const tips: bigint[] = []
    const unreplayable: string[] = []
    for (const [i, r] of replayableTransactions(raw.transactions).entries()) {
      // Calls to our own ArbExecutor (a live run's trades on the same chain) are left out: the replay asks what this
      // run's trade would meet, and our own earlier trade is not a rival to it.
      if (!deployOnFork && raw.transactions[i]!.to?.toLowerCase() === executor) continue
      if (r.raw === null) {
        unreplayable.push(`${r.hash}: ${r.reason}`)
        continue
      }
      replayable.push({ hash: r.hash, raw: r.raw })
      tips.push(effectivePriorityFee(raw.transactions[i]!, baseFee))
    }
    return { base: found, replayable, tips, unreplayable }
  }

  /** The storage a whole block touches, traced on the source, to seed a fork about to replay it. */
  function traceBlockForSeed(blockNumber: bigint): Promise<PrestateStorage | null> {
    if (!prestateSupported || deployOnFork) return Promise.resolve(null)
    return readBlockPrestate(source, blockNumber).catch(() => null)
  }

  /** Why a mined transaction reverted: its own trace on the fork (the state just before it, in its block). */
  async function revertOf(txHash: Hex): Promise<string> {
    try {
      const frame = await fork.request<{ output?: Hex; error?: string; revertReason?: string }>('debug_traceTransaction', [txHash, { tracer: 'callTracer', tracerConfig: { onlyTopCall: true } }])
      return decodeRevert(frame.output, frame.revertReason ?? frame.error ?? 'reverted')
    } catch {
      return 'reverted'
    }
  }
}

/** The block a landed trade is mined after, and what else goes into the block it is mined in. */
type LandingBlock = {
  base: HistoryBlock
  replayable: { hash: Hex; raw: Hex }[]
  /** Effective priority fee per gas of each replayable transaction, in block order. */
  tips: bigint[]
  unreplayable: string[]
}
