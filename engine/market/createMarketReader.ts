import { decodeFunctionResult, encodeFunctionData, toEventSelector, type Hex } from 'viem'
import { uniswapV2PairAbi } from '../abi/uniswapV2Pair.js'
import { uniswapV3PoolAbi } from '../abi/uniswapV3Pool.js'
import type { RpcClient, RpcRequest } from '../chain/createRpcClient.js'
import type { Manifest } from '../devnet/manifest.js'
import { BaseError } from '../errors/BaseError.js'
import type { Address, MarketState, Pool, Token, V2Pool, V3Pool, V3Tick } from './types.js'

export type MarketReader = {
  /**
   * The tracked pools at the end of `blockNumber`, read in one JSON-RPC batch (reserves, slot0, liquidity and
   * the Mint/Burn logs since the previous read); a V3 pool's initialized ticks are re-read only when its
   * liquidity map changed, so consecutive blocks cost one round trip.
   */
  read(block: { number: bigint; timestamp: bigint; baseFee: bigint }): Promise<MarketState>
}

const MIN_TICK = -887272
const MAX_TICK = 887272
const MINT = toEventSelector('Mint(address,address,int24,int24,uint128,uint256,uint256)')
const BURN = toEventSelector('Burn(address,int24,int24,uint128,uint256,uint256)')

const call = (to: Address, data: Hex, block: Hex): RpcRequest => ({ method: 'eth_call', params: [{ to, data }, block] })
const hex = (n: bigint) => `0x${n.toString(16)}` as Hex

const GET_RESERVES = encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'getReserves' })
const SLOT0 = encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'slot0' })
const LIQUIDITY = encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'liquidity' })
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

  let tickSpacings: number[] | undefined
  const ticksByPool = new Map<Address, V3Tick[]>()
  let lastBlock: bigint | undefined

  async function readTicks(pool: Address, spacing: number, block: Hex): Promise<V3Tick[]> {
    const minWord = Math.floor(MIN_TICK / spacing) >> 8
    const maxWord = Math.floor(MAX_TICK / spacing) >> 8
    const words: number[] = []
    for (let w = minWord; w <= maxWord; w++) words.push(w)
    const bitmaps = await rpc.batch<Hex[]>(words.map((w) => call(pool, encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'tickBitmap', args: [w] }), block)))
    const initialized: number[] = []
    bitmaps.forEach((raw, i) => {
      let bits = BigInt(raw)
      let bit = 0
      while (bits !== 0n) {
        if (bits & 1n) initialized.push(((words[i]! << 8) + bit) * spacing)
        bits >>= 1n
        bit++
      }
    })
    if (initialized.length === 0) return []
    const infos = await rpc.batch<Hex[]>(initialized.map((t) => call(pool, encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'ticks', args: [t] }), block)))
    return initialized.map((index, i) => {
      const [, liquidityNet] = decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'ticks', data: infos[i]! })
      return { index, liquidityNet }
    })
  }

  return {
    async read(block) {
      const tag = hex(block.number)
      if (!tickSpacings) {
        const raw = await rpc.batch<Hex[]>(v3.map((p) => call(lower(p.address), TICK_SPACING, tag)))
        tickSpacings = raw.map((r) => Number(decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'tickSpacing', data: r })))
      }
      // Which V3 pools changed their liquidity map since the last read: only contiguous reads can trust logs.
      const contiguous = lastBlock !== undefined && block.number > lastBlock
      const requests: RpcRequest[] = [
        ...v2.map((p) => call(lower(p.address), GET_RESERVES, tag)),
        ...v3.flatMap((p) => [call(lower(p.address), SLOT0, tag), call(lower(p.address), LIQUIDITY, tag)]),
      ]
      if (contiguous && v3.length > 0) {
        requests.push({
          method: 'eth_getLogs',
          params: [{ address: v3.map((p) => lower(p.address)), topics: [[MINT, BURN]], fromBlock: hex(lastBlock! + 1n), toBlock: tag }],
        })
      }
      const results = await rpc.batch<unknown[]>(requests)
      const changed = new Set<Address>()
      if (contiguous && v3.length > 0) {
        for (const log of results[results.length - 1] as { address: string }[]) changed.add(lower(log.address))
      }

      const pools: Pool[] = []
      v2.forEach((p, i) => {
        const raw = results[i] as Hex
        if (!raw || raw === '0x') throw new BaseError(`Pool ${p.address} (${p.venue}) has no code at block ${block.number}`)
        const [reserve0, reserve1] = decodeFunctionResult({ abi: uniswapV2PairAbi, functionName: 'getReserves', data: raw })
        const pool: V2Pool = { kind: 'v2', address: lower(p.address), venue: p.venue, token0: lower(p.token0), token1: lower(p.token1), reserve0, reserve1, feeBps: feeBpsOf(p.venue) }
        pools.push(pool)
      })
      const base = v2.length
      for (let j = 0; j < v3.length; j++) {
        const p = v3[j]!
        const address = lower(p.address)
        const slot0 = decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'slot0', data: results[base + 2 * j] as Hex })
        const liquidity = decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'liquidity', data: results[base + 2 * j + 1] as Hex })
        if (!ticksByPool.has(address) || !contiguous || changed.has(address)) {
          ticksByPool.set(address, await readTicks(address, tickSpacings[j]!, tag))
        }
        const pool: V3Pool = {
          kind: 'v3',
          address,
          venue: p.venue,
          token0: lower(p.token0),
          token1: lower(p.token1),
          fee: p.fee,
          tickSpacing: tickSpacings[j]!,
          sqrtPriceX96: slot0[0],
          tick: slot0[1],
          liquidity,
          ticks: ticksByPool.get(address)!,
        }
        pools.push(pool)
      }
      lastBlock = block.number
      return { blockNumber: block.number, timestamp: block.timestamp, baseFee: block.baseFee, tokens, pools }
    },
  }
}
