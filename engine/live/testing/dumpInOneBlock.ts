import { encodeFunctionData, type Address, type Hex } from 'viem'
import { erc20Abi } from '../../abi/erc20.js'
import { uniswapV2PairAbi } from '../../abi/uniswapV2Pair.js'
import { weth9Abi } from '../../abi/weth9.js'
import { waitForReceipt } from '../../chain/waitForReceipt.js'
import type { Manifest } from '../../devnet/manifest.js'
import { TRADER } from '../../devnet/testing/dumpOnV2.js'

type Rpc = { request<T = unknown>(method: string, params?: unknown[]): Promise<T> }

/**
 * dumpWethOnV2 for a chain that mines on a timer while the engine trades: wrap, transfer and swap are sent
 * back to back so they land in one block, with a tip above the engine's, and no arbitrage slips between the
 * transfer and the swap.
 */
export async function dumpInOneBlock(rpc: Rpc, manifest: Manifest, venue: 'uniswap-v2' | 'sushiswap', symbol: string, wethIn: bigint): Promise<void> {
  const weth = manifest.tokens.WETH!.address as Address
  const other = manifest.tokens[symbol]!.address
  const pair = manifest.pools.find((p) => p.venue === venue && [p.token0, p.token1].sort().join() === [weth, other].sort().join())!
  const raw = await rpc.request<Hex>('eth_call', [{ to: pair.address, data: encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'getReserves' }) }, 'latest'])
  const r0 = BigInt(raw.slice(0, 66))
  const r1 = BigInt(`0x${raw.slice(66, 130)}`)
  const wethIs0 = pair.token0 === weth
  const [rIn, rOut] = wethIs0 ? [r0, r1] : [r1, r0]
  const out = (wethIn * 997n * rOut) / (rIn * 1000n + wethIn * 997n)
  const fees = { maxFeePerGas: '0x174876e800', maxPriorityFeePerGas: '0x3b9aca00', gas: '0x4c4b40' }
  const hashes: Hex[] = []
  const send = async (to: string, data: Hex, value = 0n) =>
    hashes.push(await rpc.request<Hex>('eth_sendTransaction', [{ from: TRADER, to, data, value: `0x${value.toString(16)}`, ...fees }]))
  await send(weth, encodeFunctionData({ abi: weth9Abi, functionName: 'deposit' }), wethIn)
  await send(weth, encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pair.address as Address, wethIn] }))
  await send(pair.address, encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'swap', args: [wethIs0 ? 0n : out, wethIs0 ? out : 0n, TRADER, '0x'] }))
  for (const h of hashes) {
    const receipt = await waitForReceipt(rpc, h)
    if (receipt.status !== '0x1') throw new Error(`trader tx ${h} failed`)
  }
}
