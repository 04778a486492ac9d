import { encodeFunctionData, erc20Abi, type Address, type Hex } from 'viem'
import { DevnetError } from '../errors/DevnetError.js'
import { addV2Liquidity } from './addV2Liquidity.js'
import { addV3Liquidity } from './addV3Liquidity.js'
import { approveAll } from './approveAll.js'
import { sortTokens } from './computeV2PairAddress.js'
import { createTxSender, type DevnetRpc } from './createTxSender.js'
import { addBalancerWeightedPool } from './addBalancerWeightedPool.js'
import { deployAave } from './deployAave.js'
import { deployBalancer } from './deployBalancer.js'
import { addV4Liquidity, deployUniswapV4 } from './deployUniswapV4.js'
import { deployScreeningCases, SCREENING_PAIR_WETH, screeningCaseSpecs } from './deployScreeningCases.js'
import { deployTokens } from './deployTokens.js'
import { deployUniswapV2 } from './deployUniswapV2.js'
import { deployUniswapV3 } from './deployUniswapV3.js'
import {
  aaveReserves,
  devnetPlan,
  devnetTokens,
  devnetTokenSymbols,
  executorFundingUsd,
  usdToAmount,
  type DevnetToken,
  type PlannedBalancerPool,
} from './devnetPlan.js'
import { loadArtifact } from './loadArtifact.js'
import type { Manifest, ManifestPool } from './manifest.js'

/** Account 0 of DEFAULT_MNEMONIC ('test test … junk'): the devnet's deployer and every contract's owner. */
export const DEVNET_DEPLOYER: Address = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266'

export type DeployDevnetOptions = {
  /** Varies prices (±0.5%) and pool depths (±20%), never addresses. Default 1. */
  seed?: number
}

/**
 * Deploys the whole local market onto a fresh, automining Anvil from the npm packages' real bytecode and
 * our Forge build, and returns its manifest:
 * - tokens: WETH9, TestTokens USDC/USDT (6), DAI (18), WBTC (8), LTA/LTB (18);
 * - Uniswap V2 twice (`uniswap-v2`, `sushiswap`) with nine seeded pairs each;
 * - Uniswap V3 factory, QuoterV2, SwapRouter, NonfungiblePositionManager, and seven pools (WETH/USDC on
 *   all three tiers) each with a full-range and a ±~2% position;
 * - an Aave V3 market (WETH, USDC, USDT, DAI listed and supplied, flash-loan premium 9 bps);
 * - our ArbExecutor (owner = deployer, Aave Pool = the proxy), funded with WETH, WBTC and stablecoins;
 * - the screening cases (`screeningCases`): a taxed, a rebasing and a honeypot token, each in a Uniswap V2
 *   pair with WETH that `arb pools discover` finds and `arb pools screen` must flag;
 * - Balancer V2 (Vault, WeightedPoolFactory of 2023) with four two-token weighted pools (50/50, 80/20, 60/40);
 * - Uniswap V4's PoolManager with four hookless pools, each with a full-range and a ±~2% position;
 * - a three-token Balancer weighted pool (WETH/USDC/DAI 40/30/30), deployed last; the manifest lists its `tokens`.
 *
 * The deployer is DEFAULT_MNEMONIC's account 0 (impersonated, and topped up with the ether it wraps);
 * with a fresh node the same deployment order gives the same addresses whatever the seed.
 *
 * @example
 * const anvil = await startAnvil()
 * const manifest = await deployDevnet(anvil, { seed: 7 })
 */
export async function deployDevnet(anvil: DevnetRpc, options: DeployDevnetOptions = {}): Promise<Manifest> {
  const plan = devnetPlan(options.seed ?? 1)
  const me = DEVNET_DEPLOYER

  // Everything the deployer hands out: pool deposits (V3 twice: two positions), Aave supply, executor capital.
  const needs = Object.fromEntries(devnetTokenSymbols.map((t) => [t, 0n])) as Record<DevnetToken, bigint>
  for (const p of plan.pools) {
    const times = p.venue === 'uniswap-v3' ? 2n : 1n
    needs[p.a] += p.amountA * times
    needs[p.b] += p.amountB * times
  }
  const aaveSupply = aaveReserves.map((r) => ({ ...r, amount: usdToAmount(plan.pricesUsd8, r.token, r.supplyUsd) }))
  for (const r of aaveSupply) needs[r.token] += r.amount
  const funding = Object.entries(executorFundingUsd).map(([t, usd]) => ({
    token: t as DevnetToken,
    amount: usdToAmount(plan.pricesUsd8, t as DevnetToken, usd),
  }))
  for (const f of funding) needs[f.token] += f.amount
  needs.WETH += BigInt(screeningCaseSpecs.length) * SCREENING_PAIR_WETH
  for (const b of plan.balancerPools) b.tokens.forEach((t, i) => (needs[t] += b.amounts[i]!))
  // addV4Liquidity sends the provider 129% of the full-range amounts (the narrow range and a margin).
  for (const p of plan.v4Pools) {
    needs[p.a] += (p.amountA * 129n) / 100n + 1n
    needs[p.b] += (p.amountB * 129n) / 100n + 1n
  }

  const chainId = Number(BigInt(await anvil.request<Hex>('eth_chainId')))
  // Transactions are sent back to back and only their receipts awaited, which needs a node that mines them.
  if (!(await anvil.request<boolean>('anvil_getAutomine'))) {
    throw new DevnetError('Cannot deploy the devnet: the node does not automine', {
      step: 'check-node',
      details: 'start Anvil without --no-mining / --block-time, or enable it with evm_setAutomine(true)',
    })
  }
  await anvil.request('anvil_impersonateAccount', [me])
  const balance = BigInt(await anvil.request<Hex>('eth_getBalance', [me, 'latest']))
  await anvil.request('anvil_setBalance', [me, `0x${(balance + needs.WETH).toString(16)}`])

  const tx = await createTxSender(anvil, me)
  const tokens = await deployTokens(tx, needs)

  const pools: ManifestPool[] = []
  const pushPool = (address: Address, venue: ManifestPool['venue'], fee: number, a: DevnetToken, b: DevnetToken) => {
    const [token0, token1] = sortTokens(tokens[a], tokens[b])
    pools.push({ address, venue, fee, token0, token1 })
  }

  const v2 = {
    'uniswap-v2': await deployUniswapV2(tx, 'uniswap-v2'),
    sushiswap: await deployUniswapV2(tx, 'sushiswap'),
  }
  for (const p of plan.pools) {
    if (p.venue === 'uniswap-v3') continue
    const pair = await addV2Liquidity(tx, {
      label: `${p.venue} ${p.a}/${p.b}`,
      factory: v2[p.venue],
      tokenA: tokens[p.a],
      tokenB: tokens[p.b],
      amountA: p.amountA,
      amountB: p.amountB,
    })
    pushPool(pair, p.venue, p.fee, p.a, p.b)
  }

  const v3 = await deployUniswapV3(tx, tokens.WETH)
  await approveAll(tx, Object.values(tokens), v3.positionManager, 'NonfungiblePositionManager')
  for (const p of plan.pools) {
    if (p.venue !== 'uniswap-v3') continue
    const aIsToken0 = sortTokens(tokens[p.a], tokens[p.b])[0] === tokens[p.a]
    const pool = await addV3Liquidity(tx, {
      label: `uniswap-v3 ${p.a}/${p.b} ${p.fee}`,
      v3,
      token0: aIsToken0 ? tokens[p.a] : tokens[p.b],
      token1: aIsToken0 ? tokens[p.b] : tokens[p.a],
      fee: p.fee,
      amount0: aIsToken0 ? p.amountA : p.amountB,
      amount1: aIsToken0 ? p.amountB : p.amountA,
    })
    pushPool(pool, 'uniswap-v3', p.fee, p.a, p.b)
  }

  const aave = await deployAave(tx, {
    reserves: aaveSupply.map((r) => ({
      asset: tokens[r.token],
      symbol: r.token,
      decimals: devnetTokens[r.token].decimals,
      priceUsd8: plan.pricesUsd8[r.token],
      ltvBps: r.ltvBps,
      thresholdBps: r.thresholdBps,
      supply: r.amount,
    })),
    flashLoanPremiumBps: 9n,
  })

  const executor = await tx.deploy('ArbExecutor', { ...loadArtifact('ArbExecutor'), args: [me, aave.pool] })
  for (const f of funding) {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [executor, f.amount] })
    await tx.send(`fund ArbExecutor ${f.token}`, tokens[f.token], data, { gas: 100_000n })
  }
  // Last, so every address above stays what it was before they existed.
  const screeningCases = await deployScreeningCases(tx, { weth: tokens.WETH, factory: v2['uniswap-v2'] })

  const balancer = await deployBalancer(tx, tokens.WETH)
  await approveAll(tx, Object.values(tokens), balancer.vault, 'Balancer Vault')
  const addWeighted = async (b: PlannedBalancerPool) => {
    // The Vault wants a pool's tokens sorted by address.
    const order = b.tokens.map((t, i) => i).sort((i, j) => (tokens[b.tokens[i]!] < tokens[b.tokens[j]!] ? -1 : 1))
    const label = order.map((i) => `${b.tokens[i]}${Number(b.weights[i]! / 10n ** 16n)}`).join('-')
    const { address, poolId } = await addBalancerWeightedPool(tx, {
      label,
      vault: balancer.vault,
      factory: balancer.weightedPoolFactory,
      tokens: order.map((i) => tokens[b.tokens[i]!]),
      weights: order.map((i) => b.weights[i]!),
      amounts: order.map((i) => b.amounts[i]!),
      swapFee: BigInt(b.feePips) * 10n ** 12n,
    })
    const sorted = order.map((i) => tokens[b.tokens[i]!].toLowerCase() as Address)
    pools.push({ address, venue: 'balancer-v2', fee: b.feePips, token0: sorted[0]!, token1: sorted[1]!, id: poolId, ...(sorted.length > 2 ? { tokens: sorted } : {}) })
  }
  for (const b of plan.balancerPools) if (b.tokens.length === 2) await addWeighted(b)

  const v4 = await deployUniswapV4(tx)
  for (const p of plan.v4Pools) {
    const aIsToken0 = sortTokens(tokens[p.a], tokens[p.b])[0] === tokens[p.a]
    const [token0, token1] = sortTokens(tokens[p.a], tokens[p.b]).map((t) => t.toLowerCase() as Address)
    const id = await addV4Liquidity(tx, {
      label: `${p.a}/${p.b} ${p.fee}`,
      v4,
      token0: token0!,
      token1: token1!,
      fee: p.fee,
      tickSpacing: p.tickSpacing,
      amount0: aIsToken0 ? p.amountA : p.amountB,
      amount1: aIsToken0 ? p.amountB : p.amountA,
    })
    pools.push({ address: v4.poolManager, venue: 'uniswap-v4', fee: p.fee, token0: token0!, token1: token1!, id, tickSpacing: p.tickSpacing })
  }
  // Last, so every address above stays what it was before they existed.
  for (const b of plan.balancerPools) if (b.tokens.length > 2) await addWeighted(b)
  await tx.flush()
  const createdAt = Number(BigInt(await anvil.request<Hex>('eth_blockNumber')))

  return {
    chainId,
    deployer: me,
    createdAt,
    tokens: Object.fromEntries(
      devnetTokenSymbols.map((t) => [t, { address: tokens[t], decimals: devnetTokens[t].decimals }]),
    ),
    venues: {
      'uniswap-v2': { factory: v2['uniswap-v2'], feeBps: 30 },
      sushiswap: { factory: v2.sushiswap, feeBps: 30 },
      'uniswap-v3': { factory: v3.factory, quoter: v3.quoter, router: v3.router, positionManager: v3.positionManager },
      'uniswap-v4': { poolManager: v4.poolManager },
      'balancer-v2': { vault: balancer.vault, weightedPoolFactory: balancer.weightedPoolFactory },
    },
    aave: { pool: aave.pool, addressesProvider: aave.addressesProvider, oracle: aave.oracle, dataProvider: aave.dataProvider },
    executor,
    pools,
    screeningCases,
    note: `AlphaPulse local devnet, seed ${plan.seed}`,
  }
}
