import { keccak256, type Address, type Hex } from 'viem'
import { computeBundleHash } from '../bundles/computeBundleHash.js'
import { BuilderError, invalidParam } from '../errors/BuilderError.js'
import type { RpcClient } from '../chain/createRpcClient.js'
import type { BuildNodes } from './BuildNodes.js'
import { nextBlockTimestamp } from './nextBlockTimestamp.js'
import { firstParamObject, parseSignedTxs } from './parseSendBundleParams.js'
import { parseQuantity } from './parseQuantity.js'
import { runTrialBlock, type TrialBlock } from './runTrialBlock.js'
import { syncSimulationNode } from './syncSimulationNode.js'

/** One transaction of an `eth_callBundle` answer (Flashbots format; wei amounts as decimal strings). */
export type CallBundleTxResult = {
  coinbaseDiff: string
  ethSentToCoinbase: string
  fromAddress: Address
  gasFees: string
  gasPrice: string
  gasUsed: number
  toAddress: Address | null
  txHash: Hex
  /** Return data of a successful transaction. */
  value?: Hex
  /** `execution reverted` and the decoded reason, for a reverted one. */
  error?: string
  revert?: string
}

/** The `eth_callBundle` answer, as the Flashbots relay gives it. */
export type CallBundleResult = {
  bundleGasPrice: string
  bundleHash: Hex
  coinbaseDiff: string
  ethSentToCoinbase: string
  gasFees: string
  results: CallBundleTxResult[]
  stateBlockNumber: number
  totalGasUsed: number
}

type Frame = { type?: string; to?: string; value?: Hex; error?: string; output?: Hex; revertReason?: string; calls?: Frame[] }

const KNOWN = new Set(['txs', 'blockNumber', 'stateBlockNumber', 'timestamp', 'timeout'])

/**
 * `eth_callBundle`: simulates `txs` in order at the top of the next block on the latest state, on the
 * simulation fork (the only state this builder builds on: `stateBlockNumber` must be "latest" or the latest
 * block's number) and
 * answers as Flashbots does: per transaction the gas used, the fees and ETH sent to the fee recipient, the
 * return value or the revert reason; for the bundle the coinbase difference and its price per gas. Nothing
 * stays on the chain. `blockNumber` is checked but the simulated block is always the next one; `timestamp`
 * defaults to the builder's next block timestamp.
 */
export async function callBundle(nodes: BuildNodes, params: unknown, options: { blockTime?: number } = {}): Promise<CallBundleResult> {
  const p = firstParamObject(params, 'eth_callBundle')
  for (const key of Object.keys(p)) {
    if (!KNOWN.has(key)) throw invalidParam(`params[0].${key}`, `one of the fields ${[...KNOWN].join(', ')}`, key)
  }
  const txs = parseSignedTxs(p.txs, 'params[0].txs')
  if (p.blockNumber === undefined) throw invalidParam('params[0].blockNumber', 'the hex block number to simulate for')
  const blockNumber = parseQuantity(p.blockNumber, 'params[0].blockNumber')
  const env = await syncSimulationNode(nodes)
  const latest = env.parentNumber
  if (blockNumber <= latest) throw invalidParam('params[0].blockNumber', `a block after the latest (${latest})`, p.blockNumber)
  if (p.stateBlockNumber !== 'latest' && !(p.stateBlockNumber !== undefined && parseQuantity(p.stateBlockNumber, 'params[0].stateBlockNumber') === latest)) {
    throw invalidParam('params[0].stateBlockNumber', `"latest" or the latest block number (0x${latest.toString(16)}): the builder simulates on its head only`, p.stateBlockNumber)
  }
  const timestamp = p.timestamp !== undefined ? parseQuantity(p.timestamp, 'params[0].timestamp') : nextBlockTimestamp(env.parentTimestamp, options.blockTime)
  if (timestamp <= env.parentTimestamp) throw invalidParam('params[0].timestamp', `a timestamp after the latest block's (${env.parentTimestamp})`, p.timestamp)

  const { block, inspected } = await runTrialBlock(nodes.sim, { txs, timestamp, baseFee: env.baseFee, inspect: (b) => traceAll(nodes.sim, b) })
  const traces = inspected!
  const results: CallBundleTxResult[] = []
  let gasFees = 0n
  let totalGas = 0n
  txs.forEach((raw, i) => {
    const hash = keccak256(raw).toLowerCase()
    const tx = block.txs.get(hash)!
    if (!tx.included) {
      throw new BuilderError(`params[0].txs[${i}] (${hash}) cannot execute: ${tx.sendError ?? 'not includable (nonce, balance or fee)'}`, { rpcCode: -32000, field: `params[0].txs[${i}]` })
    }
    const tip = tx.effectiveGasPrice! - block.baseFee
    const fees = tx.gasUsed! * tip
    const frame = traces.get(hash)
    const sent = frame ? sentTo(frame, block.miner) : 0n
    gasFees += fees
    totalGas += tx.gasUsed!
    results.push({
      coinbaseDiff: (fees + sent).toString(),
      ethSentToCoinbase: sent.toString(),
      fromAddress: tx.from!,
      gasFees: fees.toString(),
      gasPrice: (tx.gasUsed! > 0n ? (fees + sent) / tx.gasUsed! : 0n).toString(),
      gasUsed: Number(tx.gasUsed!),
      toAddress: tx.to ?? null,
      txHash: tx.hash,
      ...(tx.status === 'success'
        ? { value: frame?.output ?? '0x' }
        : { error: 'execution reverted', revert: frame?.revertReason ?? frame?.output ?? '0x' }),
    })
  })
  return {
    bundleGasPrice: (totalGas > 0n ? block.coinbaseDelta / totalGas : 0n).toString(),
    bundleHash: computeBundleHash(txs),
    coinbaseDiff: block.coinbaseDelta.toString(),
    ethSentToCoinbase: (block.coinbaseDelta - gasFees).toString(),
    gasFees: gasFees.toString(),
    results,
    stateBlockNumber: Number(latest),
    totalGasUsed: Number(totalGas),
  }
}

async function traceAll(rpc: RpcClient, block: TrialBlock): Promise<Map<string, Frame>> {
  const out = new Map<string, Frame>()
  for (const hash of block.transactions) {
    const frame = await rpc.request<Frame>('debug_traceTransaction', [hash, { tracer: 'callTracer' }])
    out.set(hash.toLowerCase(), frame)
  }
  return out
}

/** ETH moved to `coinbase` by calls that did not revert (the top-level transfer included). */
function sentTo(frame: Frame, coinbase: Address): bigint {
  if (frame.error) return 0n
  let sum = frame.to?.toLowerCase() === coinbase.toLowerCase() && frame.type !== 'DELEGATECALL' && frame.type !== 'STATICCALL' ? BigInt(frame.value ?? '0x0') : 0n
  for (const c of frame.calls ?? []) sum += sentTo(c, coinbase)
  return sum
}
