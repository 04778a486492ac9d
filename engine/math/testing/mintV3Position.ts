import { encodeFunctionData, maxUint256 } from 'viem'
import { nonfungiblePositionManagerAbi } from '../../abi/nonfungiblePositionManager.js'
import type { DevnetRpc } from '../../devnet/createTxSender.js'
import type { Manifest, ManifestPool } from '../../devnet/manifest.js'
import { sendTransaction } from './sendTransaction.js'

/**
 * Test helper: mints a position [tickLower, tickUpper] on a devnet V3 pool through the real
 * NonfungiblePositionManager, from the deployer (who has approved it), with up to the given amounts.
 */
export async function mintV3Position(
  rpc: DevnetRpc,
  manifest: Manifest,
  pool: ManifestPool,
  range: { tickLower: number; tickUpper: number },
  amount0: bigint,
  amount1: bigint,
): Promise<{ blockNumber: bigint }> {
  const data = encodeFunctionData({
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
        recipient: manifest.deployer!,
        deadline: maxUint256,
      },
    ],
  })
  return sendTransaction(rpc, {
    label: `mint ${pool.address} [${range.tickLower}, ${range.tickUpper}]`,
    from: manifest.deployer!,
    to: manifest.venues['uniswap-v3'].positionManager!,
    data,
  })
}
