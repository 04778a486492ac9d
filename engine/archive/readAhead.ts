import type { MarketBlock, MarketFetch, MarketReader } from '../market/createMarketReader.js'
import type { MarketState } from '../market/types.js'
import { ConfigError } from '../errors/ConfigError.js'

/** Most blocks read at once, whatever is asked: bounds memory and what a provider sees in flight. */
export const MAX_READ_AHEAD = 256

export type ReadAheadOptions<B extends MarketBlock> = {
  /** The blocks, in order (a history source's blocks or a historical event stream's). */
  blocks: AsyncIterable<B>
  reader: Pick<MarketReader, 'fetch' | 'apply'>
  /** Blocks being read at once, fixed. Default: adapted to the measured latency, between 2 and `maxDepth`. */
  depth?: number
  /** Upper bound of the adaptive depth. Default 64, at most MAX_READ_AHEAD. */
  maxDepth?: number
}

/** One block with the market state at its end. */
export type BlockWithState<B> = { block: B; state: MarketState }

/**
 * Yields the blocks with their market state, in order, while the reads of the blocks after them are already in
 * flight: with a node tens of milliseconds away, a replay no longer waits one round trip per block. Blocks are
 * fetched independently (`MarketReader.fetch`, at most `depth` at once) and turned into state in order (`apply`),
 * so the states are exactly those of reading block after block, at any depth; a failed read surfaces when its
 * block's turn comes, after every block before it was yielded.
 *
 * The depth adapts to the latency: about (read latency ÷ time the consumer spends per block) + 2 blocks are in
 * flight, so a slow remote node gets a deep pipeline and a local one a shallow one, never more than `maxDepth`.
 * The transport underneath still caps batches, spaces requests (`--rpc-rate`) and backs off on 429.
 *
 * @example
 * for await (const { block, state } of readAhead({ blocks: source.blocks(from), reader: createMarketReader({ rpc, manifest }) })) …
 */
export async function* readAhead<B extends MarketBlock>(options: ReadAheadOptions<B>): AsyncGenerator<BlockWithState<B>> {
  const { reader } = options
  for (const [field, value] of [['depth', options.depth], ['maxDepth', options.maxDepth]] as const) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1 || value > MAX_READ_AHEAD)) throw new ConfigError(field, `an integer from 1 to ${MAX_READ_AHEAD}`, value)
  }
  const maxDepth = options.maxDepth ?? 64
  const blocks = options.blocks[Symbol.asyncIterator]()
  type Entry = { block: B; fetched: Promise<MarketFetch> } | { error: unknown }
  const queue: Entry[] = []
  let exhausted = false
  let stopped = false
  let previous: bigint | undefined
  // Exponentially weighted averages (ms): how long a block's reads take, and how long the consumer spends per block.
  let latency = 0
  let consumer = 0
  const weigh = (avg: number, x: number) => (avg === 0 ? x : avg * 0.8 + x * 0.2)
  const depth = () => options.depth ?? Math.min(maxDepth, Math.max(2, Math.ceil(latency / Math.max(consumer, 0.5)) + 2))

  let filling: Promise<void> | undefined
  /** Fills the queue up to the depth: reads start at once, only the source's next block is awaited. */
  const fill = async () => {
    while (!exhausted && !stopped && queue.length < depth()) {
      let next: IteratorResult<B>
      try {
        next = await blocks.next()
      } catch (error) {
        queue.push({ error })
        exhausted = true
        return
      }
      if (next.done || stopped) {
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
  const pump = () => (filling ??= fill().finally(() => (filling = undefined)))

  try {
    for (;;) {
      void pump()
      if (queue.length === 0) {
        if (exhausted) return
        await filling
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
    stopped = true
    // Reads still in flight finish (at most one round trip) and are dropped, so none outlives the consumer's loop
    // (the caller closes the node after it); the source stops once its pending next() (if any) returns.
    await filling?.catch(() => {})
    await Promise.allSettled(queue.flatMap((e) => ('fetched' in e ? [e.fetched] : [])))
    await blocks.return?.()
  }
}
