import type { DevnetRpc } from '../../devnet/createTxSender.js'
import { encodeV3Mint } from '../../devnet/encodeV3Mint.js'
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
  const data = encodeV3Mint(pool, range, amount0, amount1, manifest.deployer!)
  return sendTransaction(rpc, {
    label: `mint ${pool.address} [${range.tickLower}, ${range.tickUpper}]`,
    from: manifest.deployer!,
    to: manifest.venues['uniswap-v3'].positionManager!,
    data,
  })
}
