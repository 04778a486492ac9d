import type { Hex } from 'viem'
import type { RpcClient, RpcRequest } from '../chain/createRpcClient.js'

/**
 * One part of the market reader (V2/V3 lens and V3 ticks, Balancer, V4, flash lenders), split so that many
 * blocks can be read at once and still give exactly the state of reading block after block:
 * `requests` and `fetch` touch only the node and depend on no earlier block's result; `apply` runs in block
 * order and carries over what a fetch did not re-read (the ticks of a pool whose liquidity map did not change).
 *
 * `since` is the block before this one in a contiguous run (`since < block`), or undefined: then every
 * carried-over part (ticks) is read afresh. Logs of blocks `since + 1 … block` say what changed.
 */
export type MarketPartReader<Fetched, Out> = {
  /** Reads that never change (tick spacings, weights, aTokens), once at the first block; the market reader shares one call. */
  init(rpc: RpcClient, tag: Hex): Promise<void>
  /** The block's requests, to join the block's one JSON-RPC batch. */
  requests(tag: Hex, since: bigint | undefined): RpcRequest[]
  /** Decodes this part's answers of the batch and reads what else the block needs (re-read ticks); no shared state. */
  fetch(rpc: RpcClient, answers: readonly unknown[], tag: Hex, since: bigint | undefined): Promise<Fetched>
  /** In block order: the part's state at the fetched block. */
  apply(fetched: Fetched): Out[]
}
