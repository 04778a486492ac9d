import { decodeEventLog, decodeFunctionResult, encodeDeployData, encodeFunctionData, zeroAddress, type Hex } from 'viem'
import { aavePoolAbi } from '../abi/aavePool.js'
import { arbExecutorAbi } from '../abi/arbExecutor.js'
import { erc20Abi } from '../abi/erc20.js'
import { AnvilError } from '../errors/AnvilError.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { createRpcClient, RpcResponseError } from '../chain/createRpcClient.js'
import { nextBaseFee } from '../chain/nextBaseFee.js'
import { RpcError } from '../errors/RpcError.js'
import { waitForReceipt } from '../chain/waitForReceipt.js'
import { loadArtifact } from '../devnet/loadArtifact.js'
import type { Manifest } from '../devnet/manifest.js'
import { BaseError } from '../errors/BaseError.js'
import type { Address, Opportunity } from '../market/types.js'
import { decodeRevert } from './decodeRevert.js'
import { encodeRoute } from './encodeRoute.js'
import type { ExecutionMode, ExecutionResult, Executor } from './Executor.js'

export type { ExecutionMode, ExecutionResult, Executor, SimulationResult } from './Executor.js'

export type ForkExecutorOptions = {
  /** JSON-RPC URL of the history source (archive or scenario Anvil). */
  sourceRpcUrl: string
  manifest: Manifest
  /** Tip per gas, wei. */
  priorityFee?: bigint
  /** An Anvil already forking the source, reused across runs (one long-lived Anvil per worker). */
  anvil?: Anvil
  chainId?: number
}

/**
 * Simulates and executes opportunities on one long-lived Anvil fork of the history source, moved from block
 * to block with `anvil_reset`. The transaction is sent by the executor's owner (the devnet deployer, an
 * unlocked dev account on the fork), so the run never needs a private key.
 */
/** Anvil's first dev account (default mnemonic): sends on forks of chains where the manifest names no deployer. */
const DEV_ACCOUNT = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'

export async function createForkExecutor(options: ForkExecutorOptions): Promise<Executor> {
  const { manifest } = options
  // Without an executor on the source chain (a mainnet fork), one is deployed on the fork after every reset,
  // owned by an Anvil dev account; simulations then always run on the fork.
  const deployOnFork = !manifest.executor
  let executor = (manifest.executor ?? zeroAddress) as Address
  const sender = (manifest.deployer ?? DEV_ACCOUNT) as Address
  const owned = !options.anvil
  const anvil = options.anvil ?? (await startForkNode(options.sourceRpcUrl, options.chainId ?? manifest.chainId))
  const priorityFee = options.priorityFee ?? 0n

  const rpc = anvil.request
  const balanceOf = async (token: Address): Promise<bigint> => {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [executor] })
    const raw = await rpc<Hex>('eth_call', [{ to: token, data }, 'latest'])
    return decodeFunctionResult({ abi: erc20Abi, functionName: 'balanceOf', data: raw }) as bigint
  }
  const calldata = (o: Opportunity, mode: ExecutionMode) =>
    encodeFunctionData({ abi: arbExecutorAbi, functionName: mode === 'flash' ? 'executeFlash' : 'execute', args: [encodeRoute(o.route), o.amountIn, 1n] })

  // The fork is reset lazily: until a candidate is executed in a block, simulations run as eth_call at that
  // block on the source itself (an archive answers them from warm state, with no fork to rebuild), and only
  // an execution resets the fork. After that, the block's next candidates simulate on the fork, so they
  // see the trade before them.
  const source = createRpcClient(options.sourceRpcUrl)
  let target: bigint | null = null
  let forkAt: bigint | null = null

  async function resetFork(blockNumber: bigint): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await anvil.reset({ forkUrl: options.sourceRpcUrl, blockNumber })
        break
      } catch (e) {
        // The source may drop a request (Anvil reads the fork block at reset): retry, then give up loudly.
        if (e instanceof AnvilError || attempt >= 5) throw e
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt))
      }
    }
    // Fork blocks would otherwise take the wall clock's time; gas (e.g. a V2 pair's oracle update, which
    // runs only when the second changes) depends on it, so replays pin 12-second steps.
    await rpc('anvil_setBlockTimestampInterval', [12])
    // anvil_reset keeps the previous chain's next base fee; derive it from block N as EIP-1559 does, so a
    // resumed run (a fresh Anvil) and an uninterrupted one pay the same fees.
    const parent = await rpc<{ baseFeePerGas?: Hex; gasUsed: Hex; gasLimit: Hex }>('eth_getBlockByNumber', [`0x${blockNumber.toString(16)}`, false])
    if (parent.baseFeePerGas !== undefined) {
      const fee = nextBaseFee({ baseFee: BigInt(parent.baseFeePerGas), gasUsed: BigInt(parent.gasUsed), gasLimit: BigInt(parent.gasLimit) })
      await rpc('anvil_setNextBlockBaseFeePerGas', [`0x${fee.toString(16)}`])
    }
    if (deployOnFork) executor = await deployExecutor()
    forkAt = blockNumber
  }

  async function deployExecutor(): Promise<Address> {
    const artifact = loadArtifact('ArbExecutor')
    const data = encodeDeployData({ abi: arbExecutorAbi, bytecode: artifact.bytecode, args: [sender, (manifest.aave?.pool ?? zeroAddress) as Address] })
    const hash = await rpc<Hex>('eth_sendTransaction', [{ from: sender, data, gas: '0x4c4b40' }])
    const receipt = (await waitForReceipt(anvil, hash)) as { status: Hex; contractAddress?: Address }
    if (receipt.status !== '0x1' || !receipt.contractAddress) throw new BaseError('Deploying ArbExecutor on the fork failed')
    return receipt.contractAddress
  }

  return {
    async moveTo(blockNumber) {
      target = blockNumber
      forkAt = null
    },
    async simulate(o, mode) {
      const tx = { from: sender, to: executor, data: calldata(o, mode) }
      if (deployOnFork && target !== null && forkAt !== target) await resetFork(target)
      const onFork = target === null || forkAt === target
      const tag = onFork ? 'latest' : `0x${target!.toString(16)}`
      try {
        const [raw, gas] = onFork
          ? [await rpc<Hex>('eth_call', [tx, tag]), await rpc<Hex>('eth_estimateGas', [tx, tag])]
          : await source.batch<[Hex, Hex]>([
              { method: 'eth_call', params: [tx, tag] },
              { method: 'eth_estimateGas', params: [tx, tag] },
            ])
        const profit = decodeFunctionResult({ abi: arbExecutorAbi, functionName: mode === 'flash' ? 'executeFlash' : 'execute', data: raw }) as bigint
        return { success: true, profit, gasUsed: BigInt(gas) }
      } catch (e) {
        if (e instanceof AnvilError || (e instanceof RpcError && !(e instanceof RpcResponseError))) throw e
        return { success: false, error: revertReason(e) }
      }
    },
    async execute(o, mode, gasEstimate) {
      const started = performance.now()
      if (target !== null && forkAt !== target) await resetFork(target)
      const token = o.route.startToken
      const data = calldata(o, mode)
      const [before, latest] = await Promise.all([balanceOf(token), rpc<{ baseFeePerGas: Hex }>('eth_getBlockByNumber', ['latest', false])])
      // Anvil's next base fee is at most 12.5% above the latest; double it as a cap, the tip on top.
      const maxFeePerGas = BigInt(latest.baseFeePerGas) * 2n + priorityFee
      let gas: bigint
      if (gasEstimate !== undefined) {
        // The simulation's estimate, with headroom for state the next block changes (e.g. V2 oracle updates).
        gas = (gasEstimate * 13n) / 10n + 20_000n
      } else {
        try {
          gas = (BigInt(await rpc<Hex>('eth_estimateGas', [{ from: sender, to: executor, data }, 'latest'])) * 12n) / 10n
        } catch {
          gas = 2_000_000n // still send: the revert is the outcome to record
        }
      }
      let txHash: Hex | null = null
      try {
        txHash = await rpc<Hex>('eth_sendTransaction', [
          { from: sender, to: executor, data, gas: `0x${gas.toString(16)}`, maxFeePerGas: `0x${maxFeePerGas.toString(16)}`, maxPriorityFeePerGas: `0x${priorityFee.toString(16)}` },
        ])
      } catch (e) {
        return failed(started, null, revertReason(e))
      }
      const receipt = await waitForReceipt(anvil, txHash)
      const block = await rpc<{ baseFeePerGas: Hex }>('eth_getBlockByNumber', [receipt.blockNumber, false])
      const gasUsed = BigInt(receipt.gasUsed)
      const effectiveGasPrice = BigInt(receipt.effectiveGasPrice)
      const baseFee = BigInt(block.baseFeePerGas)
      const success = receipt.status === '0x1'
      const after = await balanceOf(token)
      let flashFee = 0n
      for (const log of receipt.logs) {
        if (log.address.toLowerCase() !== manifest.aave.pool) continue
        try {
          const ev = decodeEventLog({ abi: aavePoolAbi, data: log.data, topics: log.topics as [Hex, ...Hex[]] })
          if (ev.eventName === 'FlashLoan') flashFee += (ev.args as { premium: bigint }).premium
        } catch {}
      }
      return {
        success,
        txHash,
        realizedProfit: after - before,
        gasUsed,
        effectiveGasPrice,
        flashFee,
        priorityFee: effectiveGasPrice - baseFee,
        baseFee,
        latencyMs: performance.now() - started,
        error: success ? null : await replayRevert(txHash),
      }
    },
    async close() {
      if (owned) await anvil.stop()
    },
  }

  function failed(started: number, txHash: Hex | null, error: string): ExecutionResult {
    return { success: false, txHash, realizedProfit: 0n, gasUsed: 0n, effectiveGasPrice: 0n, flashFee: 0n, priorityFee: 0n, baseFee: 0n, latencyMs: performance.now() - started, error }
  }

  async function replayRevert(txHash: Hex): Promise<string> {
    try {
      const tx = await rpc<{ from: Hex; to: Hex; input: Hex; blockNumber: Hex }>('eth_getTransactionByHash', [txHash])
      await rpc('eth_call', [{ from: tx.from, to: tx.to, data: tx.input }, `0x${(BigInt(tx.blockNumber) - 1n).toString(16)}`])
      return 'reverted'
    } catch (e) {
      return revertReason(e)
    }
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

/**
 * An Anvil forking the source, with quick retries of failed fetches (Anvil retries HTTP 429/5xx and timeouts
 * with backoff). Its first fetch happens at startup, so a start that fails on a dropped request is retried.
 */
async function startForkNode(sourceRpcUrl: string, chainId: number): Promise<Anvil> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startAnvil({ forkUrl: sourceRpcUrl, chainId, extraArgs: ['--fork-retry-backoff', '50', '--retries', '8'] })
    } catch (e) {
      if (attempt >= 5) throw e
      await new Promise((r) => setTimeout(r, 100 * attempt))
    }
  }
}
