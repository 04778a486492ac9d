import { encodeFunctionData, maxUint256, type Address } from 'viem'
import { nonfungiblePositionManagerAbi } from '../abi/nonfungiblePositionManager.js'
import { computeV3PoolAddress } from './computeV3PoolAddress.js'
import type { TxSender } from './createTxSender.js'
import type { UniswapV3Deployment } from './deployUniswapV3.js'
import { encodeSqrtPriceX96, v3PositionRanges } from './v3PositionRanges.js'

/**
 * Creates and initializes a V3 pool through the NonfungiblePositionManager at the price the two amounts
 * imply, then mints two positions from the sender: full range and ±~2% around the price, each with up
 * to the given amounts. The sender must have approved the position manager for both tokens.
 */
export async function addV3Liquidity(
  tx: TxSender,
  args: {
    label: string
    v3: UniswapV3Deployment
    token0: Address
    token1: Address
    fee: number
    amount0: bigint
    amount1: bigint
  },
): Promise<Address> {
  const { v3, token0, token1, fee } = args
  const sqrtPriceX96 = encodeSqrtPriceX96(args.amount0, args.amount1)
  const create = encodeFunctionData({
    abi: nonfungiblePositionManagerAbi,
    functionName: 'createAndInitializePoolIfNecessary',
    args: [token0, token1, fee, sqrtPriceX96],
  })
  await tx.send(`${args.label} create`, v3.positionManager, create, { gas: 6_000_000n })
  const ranges = v3PositionRanges(sqrtPriceX96, fee)
  for (const [name, range] of Object.entries(ranges)) {
    const mint = encodeFunctionData({
      abi: nonfungiblePositionManagerAbi,
      functionName: 'mint',
      args: [
        {
          token0,
          token1,
          fee,
          tickLower: range.tickLower,
          tickUpper: range.tickUpper,
          amount0Desired: args.amount0,
          amount1Desired: args.amount1,
          amount0Min: 0n,
          amount1Min: 0n,
          recipient: tx.from,
          deadline: maxUint256,
        },
      ],
    })
    await tx.send(`${args.label} mint ${name}`, v3.positionManager, mint, { gas: 1_500_000n })
  }
  return computeV3PoolAddress({ factory: v3.factory, tokenA: token0, tokenB: token1, fee })
}

