import { encodeFunctionData, erc20Abi, type Address } from 'viem'
import { uniswapV2FactoryAbi } from '../abi/uniswapV2Factory.js'
import { uniswapV2PairAbi } from '../abi/uniswapV2Pair.js'
import { computeV2PairAddress } from './computeV2PairAddress.js'
import type { TxSender } from './createTxSender.js'

/**
 * Creates the pair of two tokens on a V2 factory and seeds it the way the router does: transfer both
 * amounts to the pair, then `mint` the LP tokens to the sender. Returns the pair's address.
 */
export async function addV2Liquidity(
  tx: TxSender,
  args: { label: string; factory: Address; tokenA: Address; tokenB: Address; amountA: bigint; amountB: bigint },
): Promise<Address> {
  const pair = computeV2PairAddress({ factory: args.factory, tokenA: args.tokenA, tokenB: args.tokenB })
  const create = encodeFunctionData({ abi: uniswapV2FactoryAbi, functionName: 'createPair', args: [args.tokenA, args.tokenB] })
  await tx.send(`${args.label} createPair`, args.factory, create, { gas: 3_000_000n })
  const transfer = (amount: bigint) => encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [pair, amount] })
  await tx.send(`${args.label} fund`, args.tokenA, transfer(args.amountA), { gas: 100_000n })
  await tx.send(`${args.label} fund`, args.tokenB, transfer(args.amountB), { gas: 100_000n })
  const mint = encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'mint', args: [tx.from] })
  await tx.send(`${args.label} mint`, pair, mint, { gas: 300_000n })
  return pair
}
