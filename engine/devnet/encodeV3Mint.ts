import { encodeFunctionData, maxUint256, type Address, type Hex } from 'viem'
import { nonfungiblePositionManagerAbi } from '../abi/nonfungiblePositionManager.js'
import type { ManifestPool } from './manifest.js'

/**
 * Calldata of `NonfungiblePositionManager.mint`: a position [tickLower, tickUpper] on a V3 pool of the
 * manifest, up to the given amounts (no minimums, no deadline), for `recipient`.
 *
 * @example
 * const data = encodeV3Mint(pool, { tickLower: -600, tickUpper: 600 }, 10n ** 18n, 10n ** 18n, deployer)
 */
export function encodeV3Mint(pool: ManifestPool, range: { tickLower: number; tickUpper: number }, amount0: bigint, amount1: bigint, recipient: Address): Hex {
  return encodeFunctionData({
    abi: nonfungiblePositionManagerAbi,
    functionName: 'mint',
    args: [
      {
        token0: pool.token0,
        token1: pool.token1,
        fee: pool.fee,
        tickLower: range.tickLower,
        tickUpper: range.tickUpper,
        amount0Desired: amount0,
        amount1Desired: amount1,
        amount0Min: 0n,
        amount1Min: 0n,
        recipient,
        deadline: maxUint256,
      },
    ],
  })
}
