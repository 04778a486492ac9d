import { decodeFunctionResult, encodeFunctionData, erc20Abi, type Address, type Hex } from 'viem'
import { uniswapV2PairAbi } from '../../abi/uniswapV2Pair.js'
import { uniswapV3PoolAbi } from '../../abi/uniswapV3Pool.js'
import type { RpcClient } from '../../chain/createRpcClient.js'
import type { Manifest } from '../../devnet/manifest.js'
import { ConfigError } from '../../errors/ConfigError.js'
import type { PoolRow } from './recordingFormat.js'

const hex = (n: bigint) => `0x${n.toString(16)}` as Hex

/**
 * Reads what a recording needs to know about each pool at block `at`: V2 pair or V3 pool (a V3 pool
 * answers `slot0()`), its tokens and their symbols, its fee, and its state at the end of `at` (reserves,
 * or price, tick and active liquidity). The venue comes from the manifest when it lists the pool.
 * An address that is neither is a ConfigError naming --pools.
 */
export async function describePools(rpc: RpcClient, pools: Address[], at: bigint, manifest?: Manifest): Promise<PoolRow[]> {
  const tag = hex(at)
  const call = async (to: Address, data: Hex): Promise<Hex | undefined> => {
    try {
      const r = await rpc.request<Hex>('eth_call', [{ to, data }, tag])
      return r === '0x' ? undefined : r
    } catch {
      return undefined
    }
  }
  const rows: PoolRow[] = []
  for (const raw of pools) {
    const pool = raw.toLowerCase() as Address
    const listed = manifest?.pools.find((p) => p.address === pool)
    const slot0 = await call(pool, encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'slot0' }))
    const reserves = slot0 ? undefined : await call(pool, encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'getReserves' }))
    if (!slot0 && !reserves) throw new ConfigError('--pools', 'Uniswap V2 pair or V3 pool addresses', pool, { details: `no slot0() or getReserves() at block ${at}` })
    const abi = slot0 ? uniswapV3PoolAbi : uniswapV2PairAbi
    const address = async (fn: 'token0' | 'token1') =>
      (decodeFunctionResult({ abi: uniswapV2PairAbi, functionName: fn, data: (await call(pool, encodeFunctionData({ abi, functionName: fn })))! }) as string).toLowerCase()
    const token0 = await address('token0')
    const token1 = await address('token1')
    const symbol = async (token: string) => {
      const r = await call(token as Address, encodeFunctionData({ abi: erc20Abi, functionName: 'symbol' }))
      return r ? decodeFunctionResult({ abi: erc20Abi, functionName: 'symbol', data: r }) : token
    }
    const base = { pool, token0, token1, symbol0: await symbol(token0), symbol1: await symbol(token1), state_block: at }
    if (slot0) {
      const [sqrtPriceX96, tick] = decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'slot0', data: slot0 })
      const liquidity = decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'liquidity', data: (await call(pool, encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'liquidity' })))! })
      const fee = decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'fee', data: (await call(pool, encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'fee' })))! })
      rows.push({ ...base, kind: 'v3', venue: 'uniswap-v3', fee, reserve0: null, reserve1: null, sqrt_price_x96: String(sqrtPriceX96), tick, liquidity: String(liquidity) })
    } else {
      const [reserve0, reserve1] = decodeFunctionResult({ abi: uniswapV2PairAbi, functionName: 'getReserves', data: reserves! })
      rows.push({ ...base, kind: 'v2', venue: listed?.venue ?? 'uniswap-v2', fee: listed?.fee ?? 3000, reserve0: String(reserve0), reserve1: String(reserve1), sqrt_price_x96: null, tick: null, liquidity: null })
    }
  }
  return rows
}
