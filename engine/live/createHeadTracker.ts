import type { Hex } from 'viem'
import { LiveError } from '../errors/LiveError.js'
import type { ChainEvent, HistoryBlock } from '../sources/types.js'

/** A block header as new heads carry it: HistoryBlock plus the link to its parent. */
export type Header = HistoryBlock & { parentHash: Hex }

export type HeadTracker = {
  /**
   * Takes a new head and returns the events it implies, in order: nothing for a head already seen; a
   * `reorg` back to the common ancestor when the head does not extend the chain we followed; then a `block`
   * for every new canonical block up to the head (gaps after a reconnect are filled by parent hash), and
   * `finalize` for blocks that leave the window.
   */
  push(head: Header): Promise<ChainEvent[]>
  /** The last head followed. */
  tip(): Header | undefined
}

/**
 * Follows the canonical chain over the last `depth` block hashes (Ponder's realtime sync): on a parent-hash
 * mismatch it walks back through `getBlockByHash` to the common ancestor. A reorg deeper than the window is
 * a LiveError `reorg-too-deep`.
 */
export function createHeadTracker(options: { getBlockByHash: (hash: Hex) => Promise<Header | null>; depth?: number; maxGap?: number }): HeadTracker {
  const depth = options.depth ?? 64
  const maxGap = options.maxGap ?? 1024
  let chain: Header[] = []

  return {
    tip: () => chain[chain.length - 1],
    async push(head) {
      if (chain.length === 0) {
        chain = [head]
        return [{ type: 'block', block: strip(head) }]
      }
      if (chain.some((b) => b.hash === head.hash)) return []
      const path: Header[] = [head]
      let cur = head
      let ancestor: Header | undefined
      for (;;) {
        const known = chain.find((b) => b.number === cur.number - 1n)
        if (known && known.hash === cur.parentHash) {
          ancestor = known
          break
        }
        if (cur.number - 1n < chain[0]!.number) {
          throw new LiveError('reorg-too-deep', `Reorg deeper than the ${depth} blocks kept: block ${cur.number} does not link to any block followed`)
        }
        if (path.length > maxGap) throw new LiveError('reorg-too-deep', `Gap of more than ${maxGap} blocks before head ${head.number}`)
        const parent = await options.getBlockByHash(cur.parentHash)
        if (!parent) throw new LiveError('rpc-unreachable', `The node does not know block ${cur.parentHash}, parent of ${cur.number}`, { retryable: true })
        path.push(parent)
        cur = parent
      }
      const events: ChainEvent[] = []
      const dropped = chain.filter((b) => b.number > ancestor.number)
      if (dropped.length > 0) events.push({ type: 'reorg', commonAncestor: strip(ancestor), dropped: dropped.map(strip) })
      chain = [...chain.filter((b) => b.number <= ancestor.number), ...path.reverse()]
      for (const b of path) events.push({ type: 'block', block: strip(b) })
      while (chain.length > depth) events.push({ type: 'finalize', block: strip(chain.shift()!) })
      return events
    },
  }
}

const strip = (h: Header): HistoryBlock => ({ number: h.number, hash: h.hash, timestamp: h.timestamp, baseFee: h.baseFee })

/** A JSON-RPC header (newHeads notification or eth_getBlockBy*) as a Header. */
export function toHeader(raw: { number: Hex; hash: Hex; parentHash: Hex; timestamp: Hex; baseFeePerGas?: Hex | null }): Header {
  return { number: BigInt(raw.number), hash: raw.hash, parentHash: raw.parentHash, timestamp: BigInt(raw.timestamp), baseFee: BigInt(raw.baseFeePerGas ?? '0x0') }
}
