import { encodeFunctionData, erc20Abi, type Address, type Hex } from 'viem'
import { uniswapV2PairAbi } from '../../abi/uniswapV2Pair.js'
import { weth9Abi } from '../../abi/weth9.js'
import { waitForReceipt } from '../../chain/waitForReceipt.js'
import type { Manifest } from '../manifest.js'

type Rpc = { request<T = unknown>(method: string, params?: unknown[]): Promise<T> }

/** Account 1 of the default mnemonic: a trader who moves prices in tests. */
export const TRADER: Address = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'

/**
 * Sells `wethIn` WETH (wrapped from the trader's ETH) into a V2 WETH/`symbol` pair of `venue`, directly
 * through the pair, making WETH cheap there: the planted mispricing tests look for. Returns the pair.
 * `oneBlock`: for a chain that mines on a timer while the engine trades, the wrap, transfer and swap are sent
 * back to back with a tip above the engine's, so they land in one block and no arbitrage slips between them.
 */
export async function dumpWethOnV2(
  rpc: Rpc,
  manifest: Manifest,
  venue: 'uniswap-v2' | 'sushiswap',
  symbol: string,
  wethIn: bigint,
  options: { oneBlock?: boolean } = {},
): Promise<Address> {
  const weth = manifest.tokens.WETH!.address
  const other = manifest.tokens[symbol]!.address
  const pair = manifest.pools.find((p) => p.venue === venue && [p.token0, p.token1].sort().join() === [weth, other].sort().join())
  if (!pair) throw new Error(`no ${venue} WETH/${symbol} pair`)
  // A transfer does not move the pair's recorded reserves, so the swap's output is priced from them up front.
  const raw = await rpc.request<Hex>('eth_call', [{ to: pair.address, data: encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'getReserves' }) }, 'latest'])
  const r0 = BigInt(raw.slice(0, 66))
  const r1 = BigInt(`0x${raw.slice(66, 130)}`)
  const wethIs0 = pair.token0 === weth
  const [rIn, rOut] = wethIs0 ? [r0, r1] : [r1, r0]
  const out = (wethIn * 997n * rOut) / (rIn * 1000n + wethIn * 997n)
  const txs: { to: Address; data: Hex; value?: bigint }[] = [
    { to: weth, data: encodeFunctionData({ abi: weth9Abi, functionName: 'deposit' }), value: wethIn },
    { to: weth, data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pair.address, wethIn] }) },
    { to: pair.address, data: encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'swap', args: [wethIs0 ? 0n : out, wethIs0 ? out : 0n, TRADER, '0x'] }) },
  ]
  const fees = options.oneBlock ? { maxFeePerGas: '0x174876e800', maxPriorityFeePerGas: '0x3b9aca00' } : {}
  const send = (tx: (typeof txs)[number]) =>
    rpc.request<Hex>('eth_sendTransaction', [{ from: TRADER, to: tx.to, data: tx.data, value: `0x${(tx.value ?? 0n).toString(16)}`, gas: '0x4c4b40', ...fees }])
  const check = async (hash: Hex) => {
    if ((await waitForReceipt(rpc, hash)).status !== '0x1') throw new Error(`trader tx ${hash} failed`)
  }
  if (options.oneBlock) {
    const hashes: Hex[] = []
    for (const tx of txs) hashes.push(await send(tx))
    for (const h of hashes) await check(h)
  } else {
    for (const tx of txs) await check(await send(tx))
  }
  return pair.address
}
