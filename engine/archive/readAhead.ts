import type { MarketFetch, MarketReader } from '../market/createMarketReader.js'
import type { MarketState } from '../market/types.js'
import type { HistoryBlock, HistorySource } from '../sources/types.js'

export type ReadAheadOptions = {
  source: Pick<HistorySource, 'blocks'>
  reader: Pick<MarketReader, 'fetch' | 'apply'>
  /** First block (default: the source's first). */
  from?: bigint
  /** Blocks being read at once. Default: adapted to the measured latency, between 2 and `maxDepth`. */
  depth?: number
  /** Upper bound of the adaptive depth (and of the reads in flight). Default 64. */
  maxDepth?: number
}

/** One block with the market state at its end. */
export type BlockWithState = { block: HistoryBlock; state: MarketState }

/**
 * Yields the source's blocks with their market state, in order, while the reads of the blocks after them are
 * already in flight: with a node tens of milliseconds away, a replay no longer waits one round trip per block.
 * Blocks are fetched independently (`MarketReader.fetch`, bounded concurrency) and turned into state in order
 * (`apply`), so the states are exactly those of reading block after block, at any depth.
 *
 * The depth adapts to the latency: it keeps about (read latency ÷ time the consumer spends per block) + 2
 * blocks in flight, so a slow remote node gets a deep pipeline and a local one a shallow one, never more than
 * `maxDepth` (memory and provider limits; the transport's rate limit spaces what is sent).
 *
 * @example
 * for await (const { block, state } of readAhead({ source, reader: createMarketReader({ rpc, manifest }), from })) …
 */
export async function* readAhead(options: ReadAheadOptions): AsyncGenerator<BlockWithState> {
  const { reader } = options
  const maxDepth = Math.max(1, options.maxDepth ?? 64)
  const blocks = options.source.blocks(options.from)[Symbol.asyncIterator]()
  type Entry = { block: HistoryBlock; fetched: Promise<MarketFetch> } | { error: unknown }
  const queue: Entry[] = []
  let exhausted = false
  let previous: bigint | undefined
  // Exponentially weighted averages (ms): how long a block's reads take, and how long the consumer spends per block.
  let latency = 0
  let consumer = 0
  const weigh = (avg: number, x: number) => (avg === 0 ? x : avg * 0.8 + x * 0.2)
  const depth = () => options.depth ?? Math.min(maxDepth, Math.max(2, Math.ceil(latency / Math.max(consumer, 0.5)) + 2))

  let pumping: Promise<void> | undefined
  /** Fills the queue up to the depth (reads start at once; only the source's next block is awaited). */
  const fill = async () => {
    while (!exhausted && queue.length < depth()) {
      let next: IteratorResult<HistoryBlock>
      try {
        next = await blocks.next()
      } catch (error) {
        queue.push({ error })
        exhausted = true
        return
      }
      if (next.done) {
        exhausted = true
        return
      }
      const block = next.value
      const started = performance.now()
      const fetched = reader.fetch(block, previous)
      previous = block.number
      fetched.then(
        () => (latency = weigh(latency, performance.now() - started)),
        () => {}, // surfaced when the block's turn comes
      )
      queue.push({ block, fetched })
    }
  }
  const pump = () => (pumping ??= fill().finally(() => (pumping = undefined)))

  try {
    for (;;) {
      void pump()
      if (queue.length === 0) {
        if (exhausted) return
        await pumping
        continue
      }
      const entry = queue.shift()!
      if ('error' in entry) throw entry.error
      const state = reader.apply(await entry.fetched)
      const yielded = performance.now()
      yield { block: entry.block, state }
      consumer = weigh(consumer, performance.now() - yielded)
    }
  } finally {
    await blocks.return?.()
  }
}
