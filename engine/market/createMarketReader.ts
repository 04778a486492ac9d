import type { Hex } from 'viem'
import type { RpcClient } from '../chain/createRpcClient.js'
import type { Manifest } from '../devnet/manifest.js'
import { manifestTransferTaxes } from '../devnet/manifestTransferTaxes.js'
import { BaseError } from '../errors/BaseError.js'
import { createBalancerReader } from './createBalancerReader.js'
import { createLenderReader } from './createLenderReader.js'
import { createV2V3Reader } from './createV2V3Reader.js'
import { createV4Reader } from './createV4Reader.js'
import type { FlashLender } from './flashLenders.js'
import { lensNoCodeAddress } from './lensNoCodeAddress.js'
import type { MarketPartReader } from './MarketPartReader.js'
import { poolNoCodeError } from './poolNoCodeError.js'
import { poolKey } from './poolKey.js'
import { sameState } from './sameState.js'
import type { Address, MarketState, Pool, Token } from './types.js'

/** The header facts a market state carries. */
export type MarketBlock = { number: bigint; timestamp: bigint; baseFee: bigint }

/** One block's reads (see `MarketReader.fetch`): opaque, handed to `apply` in block order. */
export type MarketFetch = { readonly block: MarketBlock; readonly since: bigint | undefined; readonly parts: readonly unknown[] }

export type MarketReader = {
  /**
   * The tracked pools at the end of `block`, read in one JSON-RPC batch (a deployless PoolStateLens call for every
   * V2/V3 pool, lens calls for Balancer pools and flash lenders, V4 extsloads, and the Mint/Burn and
   * ModifyLiquidity logs since the previous read); a V3 or V4 pool's initialized ticks are re-read only when its
   * liquidity map changed, so consecutive blocks cost one round trip. `read(b)` is `apply(await fetch(b, previous))`.
   */
  read(block: MarketBlock): Promise<MarketState>
  /**
   * Everything `block` needs from the node, independent of every other fetch, so many blocks can be fetched at
   * once (engine/archive/readAhead.ts): `since` is the block applied just before this one (ticks of pools whose
   * liquidity map did not change after it carry over); without it, or when it is not before `block`, all are read.
   */
  fetch(block: MarketBlock, since?: bigint): Promise<MarketFetch>
  /**
   * Turns fetches into market state, in block order: each fetch must follow the block it was fetched `since`
   * (or have none). Pools whose state did not change keep their object from the block before.
   */
  apply(fetched: MarketFetch): MarketState
  /**
   * Starts the one-time reads (tick spacings, weights, lenders' tokens) at `block` ahead of the first fetch, so they
   * overlap the run's other setup reads instead of preceding its first block. Optional: a fetch does them anyway;
   * a failure here is left for that fetch to meet again (and report in block order).
   */
  prepare(block: bigint): void
}

const hex = (n: bigint) => `0x${n.toString(16)}` as Hex

/**
 * Reads market state for the pools of a manifest straight from a JSON-RPC node at any block (an archive, a
 * scenario Anvil), without starting a fork. Composes one reader per venue family (createV2V3Reader,
 * createBalancerReader, createV4Reader, createLenderReader), each split into fetch and apply.
 *
 * @example
 * const reader = createMarketReader({ rpc: createRpcClient(source.rpcUrl), manifest })
 * const state = await reader.read({ number: 100n, timestamp, baseFee })
 */
export function createMarketReader(options: { rpc: RpcClient; manifest: Manifest; v2FeeBps?: Record<string, number> }): MarketReader {
  const { rpc, manifest } = options
  const tokens = new Map<Address, Token>(
    Object.entries(manifest.tokens).map(([symbol, t]) => [t.address.toLowerCase() as Address, { address: t.address.toLowerCase() as Address, symbol, decimals: t.decimals }]),
  )
  const feeBpsOf = (venue: string) => options.v2FeeBps?.[venue] ?? (manifest.venues as Record<string, { feeBps?: number }>)[venue]?.feeBps ?? 30
  const poolsOf = (...venues: string[]) => manifest.pools.filter((p) => venues.includes(p.venue))
  // Pools in state order: V2 pairs, V3, Balancer, V4; the lenders last (not pools).
  const poolParts: MarketPartReader<unknown, Pool>[] = [
    createV2V3Reader(poolsOf('uniswap-v2', 'sushiswap'), poolsOf('uniswap-v3'), feeBpsOf, manifestTransferTaxes(manifest)),
    createBalancerReader(poolsOf('balancer-v2'), manifest.venues['balancer-v2']?.vault, (t) => tokens.get(t)?.decimals),
    createV4Reader(poolsOf('uniswap-v4')),
  ] as MarketPartReader<unknown, Pool>[]
  const lenders = createLenderReader(manifest) as MarketPartReader<unknown, FlashLender>
  const parts: MarketPartReader<unknown, unknown>[] = [...poolParts, lenders]

  // Reads that never change, once, at the first block fetched (the parts' reads in parallel: one round trip over a
  // remote node, not four); concurrent fetches share it, a failure is retried by the next fetch.
  let initialized: Promise<void> | undefined
  const init = (tag: Hex) =>
    (initialized ??= Promise.all(parts.map((part) => part.init(rpc, tag))).then(() => {}).catch((e: unknown) => {
      initialized = undefined
      throw e
    }))

  let lastApplied: bigint | undefined
  const previous = new Map<string, Pool>()

  async function fetch(block: MarketBlock, since?: bigint): Promise<MarketFetch> {
    const tag = hex(block.number)
    // Only a contiguous run can trust logs to say which liquidity maps changed.
    const after = since !== undefined && block.number > since ? since : undefined
    try {
      await init(tag)
      const requests = parts.map((part) => part.requests(tag, after))
      const answers = await rpc.batch<unknown[]>(requests.flat())
      let offset = 0
      const fetched = await Promise.all(
        parts.map((part, i) => {
          const mine = answers.slice(offset, (offset += requests[i]!.length))
          return part.fetch(rpc, mine, tag, after)
        }),
      )
      return { block, since: after, parts: fetched }
    } catch (e) {
      // A lens's NoCode(pool) revert becomes the error that names the pool.
      const pool = lensNoCodeAddress(e)
      throw pool ? poolNoCodeError(manifest.pools, pool, block.number, e) : e
    }
  }

  function apply(fetched: MarketFetch): MarketState {
    const { block } = fetched
    if (fetched.since !== undefined && fetched.since !== lastApplied) {
      throw new BaseError(`Market state of block ${block.number} applied out of order`, { details: `fetched after block ${fetched.since}, but the last block applied is ${lastApplied ?? 'none'}` })
    }
    const pools = poolParts.flatMap((part, i) => part.apply(fetched.parts[i]))
    const flashLenders = lenders.apply(fetched.parts[poolParts.length])
    // A pool whose state did not change keeps its object, so per-pool work keyed on it (spot rates) is reused.
    for (let i = 0; i < pools.length; i++) {
      const key = poolKey(pools[i]!)
      const before = previous.get(key)
      if (before && sameState(before, pools[i]!)) pools[i] = before
      else previous.set(key, pools[i]!)
    }
    lastApplied = block.number
    return { blockNumber: block.number, timestamp: block.timestamp, baseFee: block.baseFee, tokens, pools, lenders: flashLenders }
  }

  return {
    read: async (block) => apply(await fetch(block, lastApplied)),
    fetch,
    apply,
    prepare: (block) => void init(hex(block)).catch(() => {}),
  }
}
