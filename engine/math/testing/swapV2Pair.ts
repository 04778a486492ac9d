import { decodeFunctionResult, encodeFunctionData, erc20Abi, type Hex } from 'viem'
import { uniswapV2PairAbi } from '../../abi/uniswapV2Pair.js'
import type { DevnetRpc } from '../../devnet/createTxSender.js'
import type { Manifest, ManifestPool } from '../../devnet/manifest.js'
import { sendTransaction } from './sendTransaction.js'

/**
 * Test helper: moves a V2 pair's price without using the math under test: the deployer pays `payBps` of
 * reserveIn and takes half that share of reserveOut (well inside the constant-product bound).
 */
export async function swapV2Pair(rpc: DevnetRpc, manifest: Manifest, pool: ManifestPool, zeroForOne: boolean, payBps = 200n) {
  const raw = await rpc.request<Hex>('eth_call', [{ to: pool.address, data: encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'getReserves' }) }, 'latest'])
  const [reserve0, reserve1] = decodeFunctionResult({ abi: uniswapV2PairAbi, functionName: 'getReserves', data: raw })
  const [tokenIn, reserveIn, reserveOut] = zeroForOne ? [pool.token0, reserve0, reserve1] : [pool.token1, reserve1, reserve0]
  const me = manifest.deployer!
  const transfer = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pool.address, (reserveIn * payBps) / 10_000n] })
  await sendTransaction(rpc, { label: `pay ${pool.address}`, from: me, to: tokenIn, data: transfer })
  const out = (reserveOut * payBps) / 20_000n
  const swap = encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'swap', args: zeroForOne ? [0n, out, me, '0x'] : [out, 0n, me, '0x'] })
  return sendTransaction(rpc, { label: `swap on ${pool.address}`, from: me, to: pool.address, data: swap })
}
