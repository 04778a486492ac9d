import { decodeEventLog, decodeFunctionResult, encodeDeployData, encodeFunctionData, erc20Abi, numberToHex as hex, zeroAddress, type Hex } from 'viem'
import { mnemonicToAccount } from 'viem/accounts'
import { aavePoolAbi } from '../abi/aavePool.js'
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
import { decodeRevert } from './decodeRevert.js'
import { encodeRoute } from './encodeRoute.js'
import type { ExecutionMode, ExecutionResult, Executor } from './Executor.js'
import { readPrestateStorage, type PrestateStorage } from './readPrestateStorage.js'
import { startForkNode } from './startForkNode.js'

export type { ExecutionMode, ExecutionResult, Executor, SimulationResult } from './Executor.js'

export type ForkExecutorOptions = {
  /** JSON-RPC URL of the history source (archive or scenario Anvil). */
  sourceRpcUrl: string
  manifest: Manifest
  /** Tip per gas, wei. */
  priorityFee?: bigint
  /** An Anvil already forking the source (from `startForkNode`), reused across runs (one long-lived Anvil per worker). */
  anvil?: Anvil
  chainId?: number
}

/** Seconds between fork blocks: replays pin mainnet's 12-second slots (gas can depend on the timestamp). */
export const FORK_BLOCK_SECONDS = 12n

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
  const anvil = options.anvil ?? (await startForkNode(options.sourceRpcUrl, options.chainId ?? manifest.chainId))
  const priorityFee = options.priorityFee ?? 0n
  const aavePool = manifest.aave?.pool?.toLowerCase()

  const fork = createRpcClient(anvil.rpcUrl, { retries: 0 })
  const source = createRpcClient(options.sourceRpcUrl)
  const onSource = createCallSimulator(source)
  const onFork = createCallSimulator(fork)

  const fn = (mode: ExecutionMode) => (mode === 'flash' ? 'executeFlash' : 'execute') as 'execute'
  const callOf = (o: Opportunity, mode: ExecutionMode): SimulatedCall => ({
    from: sender,
    to: executor,
    data: encodeFunctionData({ abi: arbExecutorAbi, functionName: fn(mode), args: [encodeRoute(o.route), o.amountIn, 1n] }),
  })
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

  return {
    async moveTo(block) {
      target = block
      forkAt = null
    },
    async simulate(o, mode) {
      if (deployOnFork && target !== null && forkAt !== target.number) await resetFork(target)
      const call = callOf(o, mode)
      const forked = target === null || forkAt === target.number
      const outcome = forked
        ? await onFork.simulate(call, 'latest', forkHead && next(forkHead))
        : await onSource.simulate(call, hex(target!.number), next(target!))
      if (!outcome.success) return outcome
      const profit = decodeFunctionResult({ abi: arbExecutorAbi, functionName: fn(mode), data: outcome.output }) as bigint
      return { success: true, profit, gasUsed: outcome.gasUsed }
    },
    async execute(o, mode, gasUsed) {
      const started = performance.now()
      const call = callOf(o, mode)
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
      const maxFeePerGas = fee * 2n + priorityFee
      // The simulation's gas plus headroom for what a simulation cannot see (refunds count only at the end).
      const gas = gasUsed !== undefined ? (gasUsed * 3n) / 2n + 50_000n : 3_000_000n
      const send = () =>
        fork.request<Hex>('eth_sendTransaction', [{ ...call, gas: hex(gas), maxFeePerGas: hex(maxFeePerGas), maxPriorityFeePerGas: hex(priorityFee) }])
      let sent: Hex
      try {
        sent = await send()
      } catch (e) {
        return failed(started, null, revertReason(e))
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
      let flashFee = 0n
      for (const log of receipt.logs) {
        if (log.address.toLowerCase() !== aavePool) continue
        try {
          const ev = decodeEventLog({ abi: aavePoolAbi, data: log.data, topics: log.topics as [Hex, ...Hex[]] })
          if (ev.eventName === 'FlashLoan') flashFee += (ev.args as { premium: bigint }).premium
        } catch {}
      }
      return {
        success,
        txHash,
        realizedProfit: after - before,
        gasUsed: BigInt(receipt.gasUsed),
        effectiveGasPrice,
        flashFee,
        priorityFee: effectiveGasPrice - baseFee,
        baseFee,
        latencyMs: performance.now() - started,
        error: success ? null : await replayRevert(call, receipt.blockNumber),
      }
    },
    async close() {
      if (owned) await anvil.stop()
    },
  }

  function failed(started: number, txHash: Hex | null, error: string): ExecutionResult {
    return { success: false, txHash, realizedProfit: 0n, gasUsed: 0n, effectiveGasPrice: 0n, flashFee: 0n, priorityFee: 0n, baseFee: 0n, latencyMs: performance.now() - started, error }
  }

  /** Why a mined trade reverted: the same call replayed on the state before its block. */
  async function replayRevert(call: SimulatedCall, blockNumber: Hex): Promise<string> {
    const outcome = await onFork.simulate(call, hex(BigInt(blockNumber) - 1n))
    return outcome.success ? 'reverted' : outcome.error
  }
}

/** The revert reason inside an Anvil JSON-RPC error (custom errors decoded with the executor's ABI). */
export function revertReason(e: unknown): string {
  const details = e instanceof BaseError ? e.details : undefined
  let data: unknown
  try {
    data = details ? JSON.parse(details) : undefined
  } catch {}
  const msg = e instanceof BaseError ? e.shortMessage : e instanceof Error ? e.message : String(e)
  return decodeRevert(data, msg)
}
