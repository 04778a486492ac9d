import { parseTransaction, type Address, type Hex } from 'viem'
import { RpcResponseError, type RpcClient } from '../chain/createRpcClient.js'
import { BuilderError } from '../errors/BuilderError.js'
import type { Bundle } from './Bundle.js'
import type { BuildNodes } from './BuildNodes.js'
import type { BundlePool } from './createBundlePool.js'
import { nextBlockTimestamp } from './nextBlockTimestamp.js'
import { orderPublicTxs } from './orderPublicTxs.js'
import { readPublicMempool, type PublicTx } from './readPublicMempool.js'
import { runTrialBlock, type TrialBlock } from './runTrialBlock.js'
import { syncSimulationNode } from './syncSimulationNode.js'

/**
 * What became of a bundle that targeted the block: `included` at `index`; `reverted` (a transaction not in
 * revertingTxHashes reverted); `failed` (a transaction could not execute: nonce, balance, fee); `conflict`
 * (valid alone, but not after the better-paying bundles placed before it); `outside-timestamps`.
 */
export type BundleOutcome = {
  readonly bundleHash: Hex
  readonly signer: Address
  readonly replacementUuid?: string
  readonly status: 'included' | 'reverted' | 'failed' | 'conflict' | 'outside-timestamps'
  readonly detail?: string
  /** Coinbase balance change the bundle caused when simulated alone at the top of the block (wei). */
  readonly coinbasePayment?: bigint
  readonly gasUsed?: bigint
  /** Index of its first transaction in the block, when included. */
  readonly index?: number
}

/** The block the builder mined, and why each bundle is or is not in it. */
export type BuiltBlock = {
  readonly number: bigint
  readonly hash: Hex
  readonly timestamp: bigint
  readonly miner: Address
  readonly transactions: readonly Hex[]
  /** Bundles that targeted this block, best-paying first, then those left out. */
  readonly bundles: readonly BundleOutcome[]
  /** Public mempool: mined in this block, still waiting (e.g. a nonce gap), dropped (no longer valid). */
  readonly publicTxs: { readonly included: number; readonly pending: number; readonly dropped: number }
}

export type BuildBlockOptions = {
  /** Timestamp of the block (seconds); default from `blockTime` or the wall clock (nextBlockTimestamp). */
  timestamp?: bigint
  /** Seconds between blocks when `timestamp` is not given. */
  blockTime?: number
}

type Scored = { bundle: Bundle; payment: bigint; gasUsed: bigint }

/**
 * Builds and mines the next block of `nodes.chain` (automine off, `--order fifo`), as a block builder does:
 * each bundle targeting the block (and within its min/max timestamps) is simulated alone at the top of the
 * block; those that execute without an unallowed revert are ranked by what they pay the fee recipient per
 * gas (coinbase balance delta, priority fees included); then, best first, each is kept if it still executes
 * after the ones kept before it (a bundle racing a better one for the same state reverts, so it is left out).
 * The public mempool follows, by tip per gas in nonce order. Every trial runs on `nodes.sim`, a fork of the
 * chain at its head (evm_snapshot/evm_revert between trials); the chain itself mines one block, with exactly
 * that order, and gets back the public transactions the block could not hold.
 *
 * Bundles for this block and earlier are then forgotten.
 */
export async function buildBlock(nodes: BuildNodes, pool: BundlePool, options: BuildBlockOptions = {}): Promise<BuiltBlock> {
  const { chain, sim } = nodes
  const env = await syncSimulationNode(nodes)
  const target = env.parentNumber + 1n
  const { parentTimestamp, baseFee } = env
  const timestamp = options.timestamp ?? nextBlockTimestamp(parentTimestamp, options.blockTime)
  if (timestamp <= parentTimestamp) {
    throw new BuilderError(`Invalid timestamp: expected a block timestamp after the parent's (${parentTimestamp})`, { rpcCode: -32602, field: 'timestamp' })
  }
  const { kept, outcomes, taken } = await selectBundles(sim, pool.forBlock(target), { timestamp, baseFee })
  const keptTxs = kept.flatMap((s) => s.bundle.txs)
  const keptHashes = new Set<string>(kept.flatMap((s) => s.bundle.txHashes))

  // The public mempool lives in the chain's pool, which the final block empties: read it as late as possible,
  // hold it here, and put back what the block does not take.
  const mempool = await readPublicMempool(chain)
  let restored = false
  const restore = async (txs: readonly PublicTx[]): Promise<{ pending: number; dropped: number }> => {
    restored = true
    let pending = 0
    let dropped = 0
    for (const tx of [...txs].sort((a, b) => (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0))) {
      try {
        await chain.request('eth_sendRawTransaction', [tx.raw])
        pending++
      } catch (e) {
        if (!(e instanceof RpcResponseError)) throw e
        dropped++
      }
    }
    return { pending, dropped }
  }

  try {
    // The public mempool after the bundles, minus anything a kept bundle already holds or replaces (same
    // sender and nonce: sending both to the pool would swap the bundle's transaction out).
    const publicOrder = orderPublicTxs(
      mempool.filter((t) => !keptHashes.has(t.hash.toLowerCase()) && !taken.has(`${t.from.toLowerCase()}:${t.nonce}`)),
      baseFee,
    )
    // The one block the chain sees.
    const { block } = await runTrialBlock(chain, { txs: [...keptTxs, ...publicOrder.map((t) => t.raw)], timestamp, baseFee, keep: true })

    let offset = 0
    const included = kept.map((s) => {
      const verdict = judge(s.bundle, block, offset)
      if (!verdict.ok) {
        // The fork executed the bundle differently from the chain (it should not: same state, same block
        // environment). The block is mined; say so loudly rather than report a bundle as included.
        throw new BuilderError(`Block ${block.number} holds bundle ${s.bundle.bundleHash} not as simulated: ${verdict.detail}`, {
          details: 'The simulation fork and the chain disagree; is the chain started with `--order fifo` and is anything else mining on it?',
        })
      }
      const o = outcome(s.bundle, 'included', { index: offset, ...paid(s) })
      offset += s.bundle.txs.length
      return o
    })
    const minedHashes = new Set(block.transactions.map((h) => h.toLowerCase()))
    const leftover = mempool.filter((t) => !minedHashes.has(t.hash.toLowerCase()))
    const back = await restore(leftover)
    pool.prune(target)
    return {
      number: block.number,
      hash: block.hash,
      timestamp: block.timestamp,
      miner: block.miner,
      transactions: block.transactions,
      bundles: [...included, ...outcomes],
      publicTxs: { included: mempool.length - leftover.length, pending: back.pending, dropped: back.dropped },
    }
  } finally {
    // A failure mid-build must not lose the public mempool.
    if (!restored) await restore(mempool).catch(() => undefined)
  }
}

/**
 * Chooses the bundles of the block on the simulation node: each alone at the top of the block, ranked by
 * coinbase payment per gas, then kept best first if it still executes after those kept before it. Returns
 * them in block order, why each other bundle was left out, and the `sender:nonce` pairs the kept ones use.
 */
async function selectBundles(
  sim: RpcClient,
  bundles: readonly Bundle[],
  block: { timestamp: bigint; baseFee: bigint },
): Promise<{ kept: Scored[]; outcomes: BundleOutcome[]; taken: Set<string> }> {
  const { timestamp, baseFee } = block
  const outcomes: BundleOutcome[] = []
  const candidates: Bundle[] = []
  for (const b of bundles) {
    if ((b.minTimestamp !== undefined && timestamp < b.minTimestamp) || (b.maxTimestamp !== undefined && timestamp > b.maxTimestamp)) {
      outcomes.push(outcome(b, 'outside-timestamps', { detail: `block timestamp ${timestamp} is outside [${b.minTimestamp ?? '-'}, ${b.maxTimestamp ?? '-'}]` }))
    } else {
      candidates.push(b)
    }
  }

  // 1. Each bundle alone at the top of the block.
  const scored: Scored[] = []
  const aloneTrials = new Map<Bundle, TrialBlock>()
  for (const b of candidates) {
    const { block: trial } = await runTrialBlock(sim, { txs: b.txs, timestamp, baseFee })
    const verdict = judge(b, trial, 0)
    if (!verdict.ok) {
      outcomes.push(outcome(b, verdict.status, { detail: verdict.detail }))
      continue
    }
    aloneTrials.set(b, trial)
    scored.push({ bundle: b, payment: trial.coinbaseDelta, gasUsed: verdict.gasUsed })
  }
  // 2. Best payment per gas first (exact: cross-multiplied), earlier arrival on ties.
  scored.sort((a, b) => {
    const l = a.payment * b.gasUsed
    const r = b.payment * a.gasUsed
    return l > r ? -1 : l < r ? 1 : a.bundle.seq - b.bundle.seq
  })
  // 3. Keep each one that still executes after those kept before it.
  const kept: Scored[] = []
  const keptTxs: Hex[] = []
  const keptHashes = new Set<string>()
  for (const s of scored) {
    const b = s.bundle
    const dup = b.txHashes.find((h) => keptHashes.has(h))
    if (dup) {
      outcomes.push(outcome(b, 'conflict', { detail: `transaction ${dup} is already in a better-paying bundle`, ...paid(s) }))
      continue
    }
    if (kept.length > 0) {
      const { block: trial } = await runTrialBlock(sim, { txs: [...keptTxs, ...b.txs], timestamp, baseFee })
      const verdict = judge(b, trial, keptTxs.length)
      if (!verdict.ok) {
        outcomes.push(outcome(b, 'conflict', { detail: `after better-paying bundles: ${verdict.detail}`, ...paid(s) }))
        continue
      }
    }
    kept.push(s)
    keptTxs.push(...b.txs)
    for (const h of b.txHashes) keptHashes.add(h)
  }

  const taken = new Set<string>()
  for (const s of kept) {
    const trial = aloneTrials.get(s.bundle)!
    s.bundle.txs.forEach((raw, i) => {
      const from = trial.txs.get(s.bundle.txHashes[i]!)?.from
      if (from) taken.add(`${from.toLowerCase()}:${parseTransaction(raw).nonce ?? 0}`)
    })
  }
  return { kept, outcomes, taken }
}

function paid(s: Scored): { coinbasePayment: bigint; gasUsed: bigint } {
  return { coinbasePayment: s.payment, gasUsed: s.gasUsed }
}

function outcome(b: Bundle, status: BundleOutcome['status'], extra: Partial<BundleOutcome> = {}): BundleOutcome {
  return {
    bundleHash: b.bundleHash,
    signer: b.signer,
    ...(b.replacementUuid !== undefined ? { replacementUuid: b.replacementUuid } : {}),
    status,
    ...extra,
  }
}

/** Whether a bundle executed as a bundle in `block`: every transaction mined, contiguous from `offset`, no unallowed revert. */
function judge(
  b: Bundle,
  block: TrialBlock,
  offset: number,
): { ok: true; gasUsed: bigint } | { ok: false; status: 'failed' | 'reverted'; detail: string } {
  let gasUsed = 0n
  for (let i = 0; i < b.txHashes.length; i++) {
    const hash = b.txHashes[i]!
    const tx = block.txs.get(hash)
    if (!tx || !tx.included) {
      return { ok: false, status: 'failed', detail: `transaction ${i} (${hash}) cannot execute: ${tx?.sendError ?? 'not includable (nonce, balance or fee)'}` }
    }
    if (tx.index !== offset + i) {
      return { ok: false, status: 'failed', detail: `transaction ${i} (${hash}) was not mined in bundle order` }
    }
    if (tx.status === 'reverted' && !b.revertingTxHashes.has(hash)) {
      return { ok: false, status: 'reverted', detail: `transaction ${i} (${hash}) reverted and is not in revertingTxHashes` }
    }
    gasUsed += tx.gasUsed ?? 0n
  }
  return { ok: true, gasUsed }
}
