import { encodeFunctionData, maxUint256 } from 'viem'
import { swapRouterAbi } from '../../abi/swapRouter.js'
import type { DevnetRpc } from '../../devnet/createTxSender.js'
import type { Manifest, ManifestPool } from '../../devnet/manifest.js'
import { sendTransaction } from './sendTransaction.js'

/**
 * Test helper: an exact-input swap on a devnet V3 pool through the real SwapRouter, from the deployer (who
 * must have approved the router), optionally stopping at `sqrtPriceLimitX96` (0 = no limit).
 */
export function swapExactInputV3(rpc: DevnetRpc, manifest: Manifest, pool: ManifestPool, zeroForOne: boolean, amountIn: bigint, sqrtPriceLimitX96 = 0n) {
  const [tokenIn, tokenOut] = zeroForOne ? [pool.token0, pool.token1] : [pool.token1, pool.token0]
  const data = encodeFunctionData({
    abi: swapRouterAbi,
    functionName: 'exactInputSingle',
    args: [{ tokenIn, tokenOut, fee: pool.fee, recipient: manifest.deployer!, deadline: maxUint256, amountIn, amountOutMinimum: 0n, sqrtPriceLimitX96 }],
  })
  return sendTransaction(rpc, { label: `swap on ${pool.address}`, from: manifest.deployer!, to: manifest.venues['uniswap-v3'].router, data, gas: 10_000_000n })
}
