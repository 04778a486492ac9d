import type { Hex } from 'viem'
import type { Manifest } from '../devnet/manifest.js'

/** Header facts of one block of history. */
export type HistoryBlock = { number: bigint; hash: Hex; timestamp: bigint; baseFee: bigint }

/**
 * Chain events that sources emit (Ponder's realtime sync): a new block, a reorg back to a common
 * ancestor (state and records after it roll back), and finality.
 */
export type ChainEvent =
  | { type: 'block'; block: HistoryBlock }
  | { type: 'reorg'; commonAncestor: HistoryBlock; dropped: HistoryBlock[] }
  | { type: 'finalize'; block: HistoryBlock }

/**
 * A history source gives, for each block of a range, the JSON-RPC URL to read and fork, the block's header
 * facts and the manifest of pools to watch. Generated scenarios, re-enacted real history and a mainnet
 * archive all look alike behind it.
 */
export type HistorySource = {
  /** Printable identity, recorded in `runs.source`; never contains an API key. */
  readonly name: string
  /** JSON-RPC URL that serves state at every block of the range (an archive node or a local Anvil). */
  readonly rpcUrl: string
  readonly chainId: number
  readonly manifest: Manifest
  readonly fromBlock: bigint
  readonly toBlock: bigint
  /** Blocks `from` (default fromBlock) … toBlock in order. */
  blocks(from?: bigint): AsyncIterable<HistoryBlock>
  /** Stops whatever the source started (its Anvil). Idempotent. */
  close(): Promise<void>
}

/** A chain event with the moment it arrived (performance.now() ms), for latency figures. */
export type TimedChainEvent = ChainEvent & { receivedAt: number }

/**
 * What the engine runs on, in every mode: chain events from `from` on. Historical sources (scenarios, datasets,
 * archives; `historyEvents`) yield their blocks in order and never a reorg; the live new-head source yields blocks as
 * they arrive, reorgs and finality.
 */
export type EventSource = {
  /** Printable identity; never contains an API key. */
  readonly name: string
  /** JSON-RPC URL that serves state at every block the events name (reads, simulations, forks). */
  readonly rpcUrl: string
  readonly chainId: number
  readonly manifest: Manifest
  readonly fromBlock: bigint
  /** Last block, inclusive; null for a source without an end (new heads). */
  readonly toBlock: bigint | null
  events(from: bigint): AsyncIterable<TimedChainEvent>
  close(): Promise<void>
}
