import { startAnvil } from '../../chain/startAnvil.js'
import type { Manifest } from '../../devnet/manifest.js'
import { BaseError } from '../../errors/BaseError.js'
import type { HistoryBlock, HistorySource } from '../types.js'
import { generateScenario, validateScenarioOptions, type GenerateScenarioOptions } from './generateScenario.js'
import { scenarioAnvilOptions } from './scenarioAnvilOptions.js'

/** Blocks generation may run ahead of the consumer. */
const LOOKAHEAD = 8
/** Past states the node keeps: far more than the lookahead, so a block being replayed is always readable and forkable. */
const HISTORY = 128
/** Blocks whose transactions and receipts the node keeps. */
const TX_BLOCKS = 512

class StreamStopped extends BaseError {
  override name = 'StreamStopped'
}

/**
 * A generated scenario served while it is generated: each block is handed to the consumer as soon as it is
 * mined, and generation waits when the consumer is `LOOKAHEAD` blocks behind. The node keeps only recent
 * states, so memory stays flat however long the scenario (a full-history scenario keeps ~0.5 MB per block).
 * The blocks are those of `createScenarioSource` for the same options (same hashes). Replays only forward:
 * `blocks(from)` skips to `from`, which a resumed run uses.
 */
export async function createStreamingScenarioSource(options: Omit<GenerateScenarioOptions, 'anvil' | 'onBlock'>): Promise<HistorySource> {
  const { scenario, blocks, seed } = validateScenarioOptions(options)
  const anvilOptions = scenarioAnvilOptions(HISTORY)
  // Keep HISTORY states, and the transactions of the last TX_BLOCKS blocks (Anvil otherwise keeps every
  // transaction and receipt: about 0.1 MB a block here; the deployment checks its ~190 receipts at the end).
  anvilOptions.extraArgs = [
    ...anvilOptions.extraArgs!.map((a, i, all) => (all[i - 1] === '--prune-history' ? String(HISTORY) : a)),
    '--transaction-block-keeper',
    String(TX_BLOCKS),
  ]
  const anvil = await startAnvil(anvilOptions)
  const queue: HistoryBlock[] = []
  let wakeConsumer: (() => void) | null = null
  let wakeProducer: (() => void) | null = null
  let stopped = false
  let finished = false
  let failure: unknown
  let ready: (v: { manifest: Manifest; first: HistoryBlock }) => void
  let notReady: (e: unknown) => void
  const started = new Promise<{ manifest: Manifest; first: HistoryBlock }>((res, rej) => ((ready = res), (notReady = rej)))

  // Block N is handed out only once N+1 is mined: while the generator has the next block's transactions in
  // the mempool, the node may answer reads of its latest block from pending state, so replays read only
  // blocks below the head.
  let held: HistoryBlock | undefined
  const hand = async (block: HistoryBlock) => {
    queue.push(block)
    wakeConsumer?.()
    while (queue.length >= LOOKAHEAD && !stopped) await new Promise<void>((r) => (wakeProducer = r))
  }
  const generation = generateScenario({
    ...options,
    anvil,
    onBlock: async (block, { manifest, index }) => {
      if (stopped) throw new StreamStopped('scenario stream closed')
      if (index === 0) ready({ manifest, first: block })
      if (held) await hand(held)
      held = block
      if (stopped) throw new StreamStopped('scenario stream closed')
    },
  }).then(
    async () => {
      if (held) {
        await anvil.request('evm_mine') // so the last block is below the head too
        queue.push(held)
      }
      finished = true
      wakeConsumer?.()
    },
    (e: unknown) => {
      failure = e
      finished = true
      notReady(e)
      wakeConsumer?.()
    },
  )

  let manifest: Manifest
  let first: HistoryBlock
  try {
    ;({ manifest, first } = await started)
  } catch (e) {
    await anvil.stop()
    throw e
  }
  const fromBlock = first.number
  const toBlock = fromBlock + BigInt(blocks) - 1n
  let consumed = false

  return {
    name: `scenario:${scenario}:seed=${seed}:blocks=${blocks}:streaming`,
    rpcUrl: anvil.rpcUrl,
    chainId: manifest.chainId,
    manifest,
    fromBlock,
    toBlock,
    async *blocks(from = fromBlock) {
      if (consumed) throw new BaseError('A streaming scenario can be replayed once', { details: 'open the source again to replay it again' })
      consumed = true
      for (;;) {
        while (queue.length === 0) {
          if (finished) {
            if (failure && !(failure instanceof StreamStopped)) throw failure
            return
          }
          await new Promise<void>((r) => (wakeConsumer = r))
        }
        const block = queue.shift()!
        wakeProducer?.()
        if (block.number < from) continue
        yield block
      }
    },
    async close() {
      stopped = true
      wakeProducer?.()
      await generation
      await anvil.stop()
    },
  }
}
