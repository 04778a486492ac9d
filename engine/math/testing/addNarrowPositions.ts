import { decodeFunctionResult, encodeFunctionData, erc20Abi, type Hex } from 'viem'
import { uniswapV3PoolAbi } from '../../abi/uniswapV3Pool.js'
import type { DevnetRpc } from '../../devnet/createTxSender.js'
import type { Manifest, ManifestPool } from '../../devnet/manifest.js'
import { MAX_TICK, MIN_TICK } from '../v3/constants.js'
import { mintV3Position } from './mintV3Position.js'

/**
 * Ranges, in tick spacings relative to the compressed current tick, of the narrow positions added: around
 * the price, a few spacings away, and 1–2 bitmap words (256 spacings) away on both sides.
 */
const OFFSETS: Array<[number, number]> = [
  [-1, 1], [-2, 3], [-3, -2], [2, 4], [-9, -5], [5, 11], [-40, -37], [30, 33],
  [-300, -297], [258, 261], [-530, -515], [515, 530],
]

/**
 * The narrow ranges `addNarrowPositions` mints for a pool at `tick`: OFFSETS, plus ranges ending exactly on
 * the current bitmap word's first tick and the next word's first tick (word edges are where a port of
 * nextInitializedTickWithinOneWord is easiest to get wrong). Clamped out when beyond the usable ticks.
 */
export function narrowRanges(tick: number, tickSpacing: number): Array<{ tickLower: number; tickUpper: number }> {
  const compressed = Math.floor(tick / tickSpacing)
  const wordStart = Math.floor(compressed / 256) * 256
  const offsets: Array<[number, number]> = [
    ...OFFSETS.map(([a, b]): [number, number] => [compressed + a, compressed + b]),
    [wordStart - 2, wordStart],
    [wordStart + 256, wordStart + 258],
  ]
  const min = Math.ceil(MIN_TICK / tickSpacing)
  const max = Math.floor(MAX_TICK / tickSpacing)
  return offsets
    .filter(([a, b]) => a >= min && b <= max && a < b)
    .map(([a, b]) => ({ tickLower: a * tickSpacing, tickUpper: b * tickSpacing }))
}

/**
 * Test helper: mints `narrowRanges` positions on `pool` through the NonfungiblePositionManager from the
 * deployer, each with up to 1/`fraction` of the pool's token balances. Returns the ranges minted.
 */
export async function addNarrowPositions(rpc: DevnetRpc, manifest: Manifest, pool: ManifestPool, fraction = 20n) {
  const call = (to: string, data: Hex) => rpc.request<Hex>('eth_call', [{ to, data }, 'latest'])
  const slot0 = decodeFunctionResult({
    abi: uniswapV3PoolAbi,
    functionName: 'slot0',
    data: await call(pool.address, encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'slot0' })),
  })
  const spacing = Number(
    decodeFunctionResult({
      abi: uniswapV3PoolAbi,
      functionName: 'tickSpacing',
      data: await call(pool.address, encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'tickSpacing' })),
    }),
  )
  const balanceOf = async (token: string) =>
    BigInt(await call(token, encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [pool.address] })))
  const amount0 = (await balanceOf(pool.token0)) / fraction
  const amount1 = (await balanceOf(pool.token1)) / fraction
  const ranges = narrowRanges(slot0[1], spacing)
  for (const range of ranges) await mintV3Position(rpc, manifest, pool, range, amount0, amount1)
  return ranges
}
