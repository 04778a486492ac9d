import { decodeFunctionResult, encodeFunctionData, toEventSelector, type Hex } from 'viem'
import { uniswapV3PoolAbi } from '../abi/uniswapV3Pool.js'
import type { RpcClient, RpcRequest } from '../chain/createRpcClient.js'
import type { Manifest } from '../devnet/manifest.js'
import { BaseError } from '../errors/BaseError.js'
import { decodePoolStateLens } from './decodePoolStateLens.js'
import { encodePoolStateLens } from './encodePoolStateLens.js'
import { lensCall } from './lensCall.js'
import { lensNoCodeAddress } from './lensNoCodeAddress.js'
import { loadArtifact } from '../devnet/loadArtifact.js'
import { readInitializedTicks } from './readInitializedTicks.js'
import type { Address, MarketState, Pool, Token, V2Pool, V3Pool, V3Tick } from './types.js'

export type MarketReader = {
  /**
   * The tracked pools at the end of `blockNumber`, read in one JSON-RPC batch (a deployless PoolStateLens call
   * for every pool's reserves or slot0 and liquidity, and the Mint/Burn logs since the previous read); a V3
   * pool's initialized ticks are re-read (TickBitmapLens) only when its liquidity map changed, so consecutive
   * blocks cost one round trip. `read(b)` is `apply(await fetch(b, previousRead))`.
   */
  read(block: { number: bigint; timestamp: bigint; baseFee: bigint }): Promise<MarketState>
  /**
   * What `block` needs from the node, independent of every other fetch, so many blocks can be fetched at once
   * (`engine/archive/readAhead.ts`): the pool states, and the ticks of the V3 pools whose liquidity map changed
   * after block `since` (all of them without `since`, or when `since` is not the block before a contiguous run).
   */
  fetch(block: { number: bigint; timestamp: bigint; baseFee: bigint }, since?: bigint): Promise<MarketFetch>
  /** Turns fetches into market state, in block order (ticks of unchanged pools carry over from earlier ones). */
  apply(fetched: MarketFetch): MarketState
}

/** One block's reads (see `MarketReader.fetch`). */
export type MarketFetch = {
  readonly block: { number: bigint; timestamp: bigint; baseFee: bigint }
  readonly reserves: { reserve0: bigint; reserve1: bigint }[]
  readonly slots: { sqrtPriceX96: bigint; tick: number; liquidity: bigint }[]
  /** Initialized ticks re-read at this block, by pool. */
  readonly ticks: ReadonlyMap<Address, V3Tick[]>
}

const MINT = toEventSelector('Mint(address,address,int24,int24,uint128,uint256,uint256)')
const BURN = toEventSelector('Burn(address,int24,int24,uint128,uint256,uint256)')

const hex = (n: bigint) => `0x${n.toString(16)}` as Hex

const TICK_SPACING = encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'tickSpacing' })

/**
 * Reads market state for the pools of a manifest straight from a JSON-RPC node at any block (an archive, a
 * scenario Anvil), without starting a fork.
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
  const v2 = manifest.pools.filter((p) => p.venue !== 'uniswap-v3')
  const v3 = manifest.pools.filter((p) => p.venue === 'uniswap-v3')
  const lower = (a: string) => a.toLowerCase() as Address
  const feeBpsOf = (venue: string) => options.v2FeeBps?.[venue] ?? (manifest.venues as Record<string, { feeBps?: number }>)[venue]?.feeBps ?? 30

  // Encoded once per reader: the pool list never changes, so every block sends the same lens call data.
  const stateCalls = encodePoolStateLens(loadArtifact('PoolStateLens').bytecode, v2.map((p) => lower(p.address)), v3.map((p) => lower(p.address)))
  const tickLens = loadArtifact('TickBitmapLens').bytecode

  let tickSpacings: number[] | undefined
  const ticksByPool = new Map<Address, V3Tick[]>()
  let lastBlock: bigint | undefined

  const noCode = (address: string, block: bigint, cause?: unknown) => {
    const p = manifest.pools.find((x) => lower(x.address) === lower(address))
    return new BaseError(`Pool ${p?.address ?? address} (${p?.venue ?? 'not in the manifest'}) has no code at block ${block}`, cause === undefined ? {} : { cause })
  }
  /** Runs a batch of lens calls, turning a lens's NoCode(pool) revert into the error that names the pool. */
  async function lensBatch<T extends unknown[]>(run: () => Promise<T>, block: bigint): Promise<T> {
    try {
      return await run()
    } catch (e) {
      const pool = lensNoCodeAddress(e)
      throw pool ? noCode(pool, block, e) : e
    }
  }

  let spacingsRead: Promise<number[]> | undefined
  const readSpacings = (block: bigint) =>
    (spacingsRead ??= rpc
      .batch<Hex[]>(v3.map((p) => ({ method: 'eth_call', params: [{ to: lower(p.address), data: TICK_SPACING }, hex(block)] })))
      .then((raw) => {
        tickSpacings = raw.map((r, j) => {
          if (!r || r === '0x') throw noCode(v3[j]!.address, block)
          return Number(decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'tickSpacing', data: r }))
        })
        return tickSpacings
      })
      .catch((e: unknown) => {
        spacingsRead = undefined // a failed read is tried again by the next fetch
        throw e
      }))

  async function fetch(block: { number: bigint; timestamp: bigint; baseFee: bigint }, since?: bigint): Promise<MarketFetch> {
    const tag = hex(block.number)
    const spacings = await readSpacings(block.number)
    // Which V3 pools changed their liquidity map since the last read: only contiguous reads can trust logs.
    const contiguous = since !== undefined && block.number > since
    const requests: RpcRequest[] = stateCalls.map((data) => lensCall(data, tag))
    if (contiguous && v3.length > 0) {
      requests.push({
        method: 'eth_getLogs',
        params: [{ address: v3.map((p) => lower(p.address)), topics: [[MINT, BURN]], fromBlock: hex(since! + 1n), toBlock: tag }],
      })
    }
    const results = await lensBatch(() => rpc.batch<unknown[]>(requests), block.number)
    const changed = new Set<Address>()
    if (contiguous && v3.length > 0) {
      for (const log of results[results.length - 1] as { address: string }[]) changed.add(lower(log.address))
    }
    const { reserves, slots } = decodePoolStateLens(results.slice(0, stateCalls.length) as Hex[], v2.length, v3.length)
    const stale = v3.flatMap((p, j) => {
      const address = lower(p.address)
      return !contiguous || changed.has(address) ? [{ address, tickSpacing: spacings[j]! }] : []
    })
    const ticks = new Map<Address, V3Tick[]>()
    if (stale.length > 0) {
      const lists = await lensBatch(() => readInitializedTicks(rpc, tickLens, stale, tag), block.number)
      stale.forEach((s, i) => ticks.set(s.address, lists[i]!))
    }
    return { block, reserves, slots, ticks }
  }

  function apply(fetched: MarketFetch): MarketState {
    const { block, reserves, slots } = fetched
    for (const [address, list] of fetched.ticks) ticksByPool.set(address, list)
    const pools: Pool[] = []
    v2.forEach((p, i) => {
      const { reserve0, reserve1 } = reserves[i]!
      const pool: V2Pool = { kind: 'v2', address: lower(p.address), venue: p.venue, token0: lower(p.token0), token1: lower(p.token1), reserve0, reserve1, feeBps: feeBpsOf(p.venue) }
      pools.push(pool)
    })
    v3.forEach((p, j) => {
      const address = lower(p.address)
      const ticks = ticksByPool.get(address)
      if (!ticks) throw new BaseError(`No ticks read for pool ${p.address} before block ${block.number}`, { details: 'fetch the first block without `since`' })
      const pool: V3Pool = {
        kind: 'v3',
        address,
        venue: p.venue,
        token0: lower(p.token0),
        token1: lower(p.token1),
        fee: p.fee,
        tickSpacing: tickSpacings![j]!,
        sqrtPriceX96: slots[j]!.sqrtPriceX96,
        tick: slots[j]!.tick,
        liquidity: slots[j]!.liquidity,
        ticks,
      }
      pools.push(pool)
    })
    lastBlock = block.number
    return { blockNumber: block.number, timestamp: block.timestamp, baseFee: block.baseFee, tokens, pools }
  }

  return {
    async read(block) {
      // Ticks are complete only after a first full read; until then (or after a jump back) read them all.
      return apply(await fetch(block, ticksByPool.size === v3.length ? lastBlock : undefined))
    },
    fetch,
    apply,
  }
}
