import { decodeFunctionResult, encodeFunctionData, type Hex } from 'viem'
import { uniswapV3PoolAbi } from '../../abi/uniswapV3Pool.js'
import type { RpcClient } from '../../chain/createRpcClient.js'
import type { V3Tick } from '../../market/types.js'
import { MAX_TICK, MIN_TICK } from '../v3/constants.js'

/**
 * Test oracle: every initialized tick of a V3 pool at `block`, by brute force: reads every tickBitmap word
 * that can hold a usable tick, takes each set bit, and reads `ticks(t)`, which must say `initialized`.
 * Written independently of createMarketReader (bits found through the binary string, floor division only).
 */
export async function scanInitializedTicks(rpc: RpcClient, pool: `0x${string}`, block: bigint): Promise<V3Tick[]> {
  const tag = `0x${block.toString(16)}`
  const call = (data: Hex) => ({ method: 'eth_call', params: [{ to: pool, data }, tag] })
  const [spacingRaw] = await rpc.batch<Hex[]>([call(encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'tickSpacing' }))])
  const spacing = Number(BigInt(spacingRaw!))
  const firstWord = Math.floor(Math.floor(MIN_TICK / spacing) / 256)
  const lastWord = Math.floor(Math.floor(MAX_TICK / spacing) / 256)
  const ticks: number[] = []
  for (let from = firstWord; from <= lastWord; from += 400) {
    const words = Array.from({ length: Math.min(400, lastWord - from + 1) }, (_, i) => from + i)
    const raw = await rpc.batch<Hex[]>(words.map((w) => call(encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'tickBitmap', args: [w] }))))
    words.forEach((w, i) => {
      const bits = BigInt(raw[i]!).toString(2).padStart(256, '0')
      for (let bit = 0; bit < 256; bit++) if (bits[255 - bit] === '1') ticks.push((w * 256 + bit) * spacing)
    })
  }
  if (ticks.length === 0) return []
  const infos = await rpc.batch<Hex[]>(ticks.map((t) => call(encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'ticks', args: [t] }))))
  return ticks.map((index, i) => {
    const info = decodeFunctionResult({ abi: uniswapV3PoolAbi, functionName: 'ticks', data: infos[i]! })
    if (!info[7]) throw new Error(`tick ${index} of ${pool} has its bitmap bit set but ticks().initialized = false`)
    return { index, liquidityNet: info[1] }
  })
}
