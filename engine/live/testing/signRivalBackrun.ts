import { encodeFunctionData, erc20Abi, type Address, type Hex } from 'viem'
import type { HDAccount } from 'viem/accounts'
import { uniswapV2PairAbi } from '../../abi/uniswapV2Pair.js'
import { weth9Abi } from '../../abi/weth9.js'
import type { Manifest } from '../../devnet/manifest.js'

type Rpc = { request<T = unknown>(method: string, params?: unknown[]): Promise<T> }
type V2Venue = 'uniswap-v2' | 'sushiswap'

/**
 * A rival searcher's backrun of a WETH mispricing between two V2 venues, as the signed transactions of one
 * bundle: wrap `wethIn` ETH, sell it for `symbol` in `sellVenue`'s pair (where WETH is dear), and buy WETH back
 * with all of it in `buyVenue`'s pair (where WETH is cheap), which closes the gap every route through that pair
 * would take (without `buyVenue`: only the sale, a trader's dump that opens a gap). It pays the builder through its tip (`tip` wei per gas, all of it a priority fee): above our bid
 * per gas it outbids us. The rival signs with its own account and nonces.
 */
export async function signRivalBackrun(
  rpc: Rpc,
  manifest: Manifest,
  options: { account: HDAccount; sellVenue: V2Venue; buyVenue?: V2Venue; symbol: string; wethIn: bigint; tip: bigint; chainId?: number },
): Promise<Hex[]> {
  const { account, wethIn, tip } = options
  const weth = manifest.tokens.WETH!.address as Address
  const other = manifest.tokens[options.symbol]!.address as Address
  const pairOf = async (venue: V2Venue) => {
    const pair = manifest.pools.find((p) => p.venue === venue && [p.token0, p.token1].sort().join() === [weth, other].sort().join())
    if (!pair) throw new Error(`no ${venue} WETH/${options.symbol} pair`)
    const raw = await rpc.request<Hex>('eth_call', [{ to: pair.address, data: encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'getReserves' }) }, 'latest'])
    const r0 = BigInt(raw.slice(0, 66))
    const r1 = BigInt(`0x${raw.slice(66, 130)}`)
    const wethIs0 = pair.token0.toLowerCase() === weth.toLowerCase()
    return { address: pair.address as Address, wethIs0, rWeth: wethIs0 ? r0 : r1, rOther: wethIs0 ? r1 : r0 }
  }
  const amountOut = (amountIn: bigint, rIn: bigint, rOut: bigint) => (amountIn * 997n * rOut) / (rIn * 1000n + amountIn * 997n)
  const sell = await pairOf(options.sellVenue)
  const buy = options.buyVenue ? await pairOf(options.buyVenue) : undefined
  const otherOut = amountOut(wethIn, sell.rWeth, sell.rOther)
  const swap = (pair: typeof sell, out: bigint, outIsWeth: boolean) =>
    encodeFunctionData({
      abi: uniswapV2PairAbi,
      functionName: 'swap',
      args: [pair.wethIs0 === outIsWeth ? out : 0n, pair.wethIs0 === outIsWeth ? 0n : out, account.address, '0x'],
    })
  const transfer = (to: Address, amount: bigint) => encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] })
  const calls: { to: Address; data: Hex; value?: bigint; gas: bigint }[] = [
    { to: weth, data: encodeFunctionData({ abi: weth9Abi, functionName: 'deposit' }), value: wethIn, gas: 60_000n },
    { to: weth, data: transfer(sell.address, wethIn), gas: 60_000n },
    { to: sell.address, data: swap(sell, otherOut, false), gas: 150_000n },
  ]
  if (buy) {
    const wethBack = amountOut(otherOut, buy.rOther, buy.rWeth)
    calls.push({ to: other, data: transfer(buy.address, otherOut), gas: 80_000n }, { to: buy.address, data: swap(buy, wethBack, true), gas: 150_000n })
  }
  const nonce = Number(BigInt(await rpc.request<Hex>('eth_getTransactionCount', [account.address, 'latest'])))
  return Promise.all(
    calls.map((c, i) =>
      account.signTransaction({
        chainId: options.chainId ?? 31337,
        type: 'eip1559',
        nonce: nonce + i,
        to: c.to,
        data: c.data,
        value: c.value ?? 0n,
        gas: c.gas,
        maxFeePerGas: tip + 100_000_000_000n,
        maxPriorityFeePerGas: tip,
      }),
    ),
  )
}
