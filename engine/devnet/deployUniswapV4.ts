import { encodeAbiParameters, encodeFunctionData, keccak256, type Address, type Hex } from 'viem'
import { erc20Abi } from 'viem'
import { sqrt } from '../math/sqrt.js'
import type { TxSender } from './createTxSender.js'
import { loadArtifact } from './loadArtifact.js'

/** Uniswap V4 on the devnet: the PoolManager (owner = the sender) and a liquidity helper. */
export type V4Deployment = { poolManager: Address; liquidityProvider: Address }

/** Deploys v4-core's PoolManager from its npm `out/` build and our V4LiquidityProvider (v4-core has no router). */
export async function deployUniswapV4(tx: TxSender): Promise<V4Deployment> {
  const poolManager = await tx.deploy('Uniswap V4 PoolManager', { ...loadArtifact('PoolManager'), args: [tx.from] })
  const liquidityProvider = await tx.deploy('V4LiquidityProvider', { ...loadArtifact('V4LiquidityProvider'), args: [poolManager] })
  return { poolManager: poolManager.toLowerCase() as Address, liquidityProvider: liquidityProvider.toLowerCase() as Address }
}

const MAX_TICK = 887272

/**
 * Initializes a hookless V4 pool at the price amount1/amount0 and adds two positions through the liquidity
 * provider: full range with about the given amounts, and a ±~2% range with about a quarter of them (so swaps
 * cross initialized ticks). The sender must hold the tokens (sorted: token0 < token1). Returns the PoolId.
 */
export async function addV4Liquidity(
  tx: TxSender,
  args: { label: string; v4: V4Deployment; token0: Address; token1: Address; fee: number; tickSpacing: number; amount0: bigint; amount1: bigint },
): Promise<Hex> {
  const managerAbi = loadArtifact('PoolManager').abi
  const key = { currency0: args.token0, currency1: args.token1, fee: args.fee, tickSpacing: args.tickSpacing, hooks: '0x0000000000000000000000000000000000000000' as Address }
  const sqrtPriceX96 = sqrt((args.amount1 << 192n) / args.amount0)
  await tx.send(`uniswap-v4 ${args.label} initialize`, args.v4.poolManager, encodeFunctionData({ abi: managerAbi, functionName: 'initialize', args: [key, sqrtPriceX96] }), { gas: 1_000_000n })
  // The provider pays what the PoolManager asks, from its balance: send it the amounts with 2% to spare.
  for (const [token, amount] of [[args.token0, args.amount0], [args.token1, args.amount1]] as const) {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [args.v4.liquidityProvider, (amount * 102n) / 100n + (amount * 27n) / 100n] })
    await tx.send(`uniswap-v4 ${args.label} fund provider`, token, data, { gas: 100_000n })
  }
  const providerAbi = loadArtifact('V4LiquidityProvider').abi
  const top = Math.floor(MAX_TICK / args.tickSpacing) * args.tickSpacing
  // Full range: L ≈ sqrt(amount0 · amount1), 1% under so the provider's tokens always cover it.
  const full = (sqrt(args.amount0 * args.amount1) * 99n) / 100n
  await tx.send(`uniswap-v4 ${args.label} full range`, args.v4.liquidityProvider, encodeFunctionData({ abi: providerAbi, functionName: 'add', args: [key, -top, top, full] }), { gas: 1_500_000n })
  // ±~2% around the price (200 ticks), a quarter of the full-range depth per side: L ≈ (amount/4) / (1 - 1/1.01).
  const tick = Math.round(Math.log(Number(args.amount1) / Number(args.amount0)) / Math.log(1.0001))
  const lower = Math.floor((tick - 200) / args.tickSpacing) * args.tickSpacing
  const upper = Math.ceil((tick + 200) / args.tickSpacing) * args.tickSpacing
  const narrow = (full * 25n) / 100n
  await tx.send(`uniswap-v4 ${args.label} narrow range`, args.v4.liquidityProvider, encodeFunctionData({ abi: providerAbi, functionName: 'add', args: [key, lower, upper, narrow] }), { gas: 1_500_000n })
  return poolIdOf(key)
}

/** PoolId = keccak256(abi.encode(PoolKey)). */
export function poolIdOf(key: { currency0: Address; currency1: Address; fee: number; tickSpacing: number; hooks: Address }): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'address' }, { type: 'address' }, { type: 'uint24' }, { type: 'int24' }, { type: 'address' }],
      [key.currency0, key.currency1, key.fee, key.tickSpacing, key.hooks],
    ),
  ).toLowerCase() as Hex
}
