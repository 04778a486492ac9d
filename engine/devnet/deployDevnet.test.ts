import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  BaseError as ViemBaseError,
  concatHex,
  ContractFunctionRevertedError,
  erc20Abi,
  maxUint256,
  numberToHex,
  parseAbi,
  parseEther,
  parseEventLogs,
  type Abi,
  type Address,
  type Hex,
} from 'viem'
import { aavePoolAbi } from '../abi/aavePool.js'
import { arbExecutorAbi } from '../abi/arbExecutor.js'
import { quoterV2Abi } from '../abi/quoterV2.js'
import { swapRouterAbi } from '../abi/swapRouter.js'
import { uniswapV2FactoryAbi } from '../abi/uniswapV2Factory.js'
import { uniswapV2PairAbi } from '../abi/uniswapV2Pair.js'
import { uniswapV3FactoryAbi } from '../abi/uniswapV3Factory.js'
import { weth9Abi } from '../abi/weth9.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { DEVNET_DEPLOYER, deployDevnet } from './deployDevnet.js'
import { parseManifest, type Manifest, type ManifestPool } from './manifest.js'

/** Account 1 of the default mnemonic: a trader who moves prices. */
const TRADER: Address = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8'

let anvil: Anvil
let m: Manifest
let snap: Hex

beforeAll(async () => {
  anvil = await startAnvil()
  m = await deployDevnet(anvil)
})
afterAll(async () => {
  await anvil?.stop()
})
beforeEach(async () => {
  snap = await anvil.snapshot()
})
afterEach(async () => {
  await anvil.revert(snap)
})

async function write(account: Address, to: Address, abi: Abi, functionName: string, args: readonly unknown[], value?: bigint) {
  const hash = await anvil.walletClient.writeContract({
    account,
    chain: anvil.chain,
    address: to,
    abi,
    functionName,
    args,
    // Explicit gas: an estimate made in one second can fall short in the next block (V2's oracle update).
    gas: 5_000_000n,
    ...(value ? { value } : {}),
  } as never)
  const receipt = await anvil.publicClient.waitForTransactionReceipt({ hash })
  expect(receipt.status, `${functionName} on ${to}`).toBe('success')
  return receipt
}
const balancerVaultAbi = parseAbi(['function getPoolTokens(bytes32) view returns (address[], uint256[], uint256)'])
const read = <T>(address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []) =>
  anvil.publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>
const balanceOf = (token: Address, who: Address) => read<bigint>(token, erc20Abi as Abi, 'balanceOf', [who])

const findPool = (venue: ManifestPool['venue'], a: string, b: string, fee: number) => {
  const [x, y] = [m.tokens[a]!.address, m.tokens[b]!.address]
  const pool = m.pools.find((p) => p.venue === venue && p.fee === fee && [p.token0, p.token1].sort().join() === [x, y].sort().join())
  if (!pool) throw new Error(`no ${venue} ${a}/${b} ${fee}`)
  return pool
}

/** Hand-packed ArbExecutor hop: flags (bit0 V3, bit1 zeroForOne) ++ pool ++ tokenOut ++ uint16 fee bps. */
const hop = (pool: ManifestPool, tokenIn: Address, tokenOut: Address, v2FeeBps: number): Hex =>
  concatHex([
    numberToHex((pool.venue === 'uniswap-v3' ? 1 : 0) | (tokenIn === pool.token0 ? 2 : 0), { size: 1 }),
    pool.address,
    tokenOut,
    numberToHex(v2FeeBps, { size: 2 }),
  ])

/** Sells `wethIn` WETH into the uniswap-v2 WETH/USDC pair from TRADER, making WETH cheap there. */
async function dumpWethOnV2(wethIn: bigint) {
  const weth = m.tokens.WETH!.address
  const pair = findPool('uniswap-v2', 'WETH', 'USDC', 3000)
  await write(TRADER, weth, weth9Abi as Abi, 'deposit', [], wethIn)
  await write(TRADER, weth, erc20Abi as Abi, 'transfer', [pair.address, wethIn])
  const [r0, r1] = await read<readonly [bigint, bigint, number]>(pair.address, uniswapV2PairAbi as Abi, 'getReserves')
  const wethIs0 = pair.token0 === weth
  const [rIn, rOut] = wethIs0 ? [r0, r1] : [r1, r0]
  const out = (wethIn * 997n * rOut) / (rIn * 1000n + wethIn * 997n)
  await write(TRADER, pair.address, uniswapV2PairAbi as Abi, 'swap', [wethIs0 ? 0n : out, wethIs0 ? out : 0n, TRADER, '0x'])
}

/** USDC -> WETH on the (cheap) uniswap-v2 pair, WETH -> USDC on the V3 0.05% pool. */
function usdcRoute(): Hex {
  const usdc = m.tokens.USDC!.address
  const weth = m.tokens.WETH!.address
  return concatHex([
    usdc,
    hop(findPool('uniswap-v2', 'WETH', 'USDC', 3000), usdc, weth, 30),
    hop(findPool('uniswap-v3', 'WETH', 'USDC', 500), weth, usdc, 0),
  ])
}

describe('deployDevnet', () => {
  it('deploys a valid manifest whose every address has code, with seeded pools and an Aave market', async () => {
    expect(() => parseManifest(m)).not.toThrow()
    expect(m.deployer).toBe(DEVNET_DEPLOYER)
    expect(m.chainId).toBe(31337)
    const addresses: Address[] = [
      ...Object.values(m.tokens).map((t) => t.address),
      m.venues['uniswap-v2'].factory,
      m.venues.sushiswap.factory,
      m.venues['uniswap-v3'].factory,
      m.venues['uniswap-v3'].quoter,
      m.venues['uniswap-v3'].router,
      m.venues['uniswap-v3'].positionManager!,
      m.aave.pool,
      m.aave.addressesProvider,
      m.aave.oracle!,
      m.aave.dataProvider!,
      m.executor!,
      // V4 pools live in their PoolManager: its address once, and each pool's id must be distinct.
      ...m.pools.filter((p) => p.venue !== 'uniswap-v4').map((p) => p.address),
      m.venues['uniswap-v4']!.poolManager,
      m.venues['balancer-v2']!.vault,
    ]
    expect(new Set(addresses).size).toBe(addresses.length)
    const v4Ids = m.pools.filter((p) => p.venue === 'uniswap-v4').map((p) => p.id)
    expect(v4Ids.length).toBe(4)
    expect(new Set(v4Ids).size).toBe(v4Ids.length)
    for (const a of addresses) {
      const code = await anvil.publicClient.getCode({ address: a })
      expect(code && code.length > 2, `code at ${a}`).toBe(true)
    }

    for (const [symbol, t] of Object.entries(m.tokens)) {
      expect(await read<number>(t.address, erc20Abi as Abi, 'decimals'), symbol).toBe(t.decimals)
    }
    expect(m.pools.filter((p) => p.venue === 'uniswap-v2')).toHaveLength(9)
    expect(m.pools.filter((p) => p.venue === 'sushiswap')).toHaveLength(9)
    expect(m.pools.filter((p) => p.venue === 'balancer-v2').map((p) => (p.tokens ?? [p.token0, p.token1]).length)).toEqual([2, 2, 2, 2, 3])
    expect(m.pools.filter((p) => p.venue === 'uniswap-v3').map((p) => p.fee).sort()).toEqual([10000, 10000, 3000, 3000, 3000, 500, 500])
    for (const p of m.pools) {
      if (p.venue === 'uniswap-v3') {
        const got = await read<Address>(m.venues['uniswap-v3'].factory, uniswapV3FactoryAbi as Abi, 'getPool', [p.token0, p.token1, p.fee])
        expect(got.toLowerCase()).toBe(p.address)
        expect(await balanceOf(p.token0, p.address)).toBeGreaterThan(0n)
        expect(await balanceOf(p.token1, p.address)).toBeGreaterThan(0n)
      } else if (p.venue === 'balancer-v2') {
        // The manifest lists the Vault's tokens: token0/token1, and every token of the three-token pool.
        const [tokens, balances] = await read<readonly [Address[], bigint[], bigint]>(m.venues['balancer-v2']!.vault, balancerVaultAbi, 'getPoolTokens', [p.id])
        expect(tokens.map((t) => t.toLowerCase())).toEqual(p.tokens ?? [p.token0, p.token1])
        expect(balances.every((b) => b > 0n)).toBe(true)
      } else if (p.venue === 'uniswap-v2' || p.venue === 'sushiswap') {
        const got = await read<Address>(m.venues[p.venue].factory, uniswapV2FactoryAbi as Abi, 'getPair', [p.token0, p.token1])
        expect(got.toLowerCase()).toBe(p.address)
        const [r0, r1] = await read<readonly [bigint, bigint, number]>(p.address, uniswapV2PairAbi as Abi, 'getReserves')
        expect(r0 > 0n && r1 > 0n).toBe(true)
      }
    }

    // Aave: four reserves listed, supplied, flash loans enabled with a 9 bps premium.
    expect(await read<bigint>(m.aave.pool, aavePoolAbi as Abi, 'FLASHLOAN_PREMIUM_TOTAL')).toBe(9n)
    for (const symbol of ['WETH', 'USDC', 'USDT', 'DAI']) {
      const asset = m.tokens[symbol]!.address
      const reserve = await read<{ aTokenAddress: Address }>(m.aave.pool, aavePoolAbi as Abi, 'getReserveData', [asset])
      expect(await balanceOf(asset, reserve.aTokenAddress), `Aave ${symbol} liquidity`).toBeGreaterThan(0n)
    }

    // The executor: ours, wired to the Aave Pool proxy and funded for capital mode.
    expect((await read<Address>(m.executor!, arbExecutorAbi as Abi, 'aavePool')).toLowerCase()).toBe(m.aave.pool)
    expect((await read<Address>(m.executor!, arbExecutorAbi as Abi, 'owner')).toLowerCase()).toBe(DEVNET_DEPLOYER)
    for (const symbol of ['WETH', 'USDC', 'USDT', 'DAI', 'WBTC']) {
      expect(await balanceOf(m.tokens[symbol]!.address, m.executor!), `executor ${symbol}`).toBeGreaterThan(0n)
    }
  })

  it('QuoterV2 quotes a swap on a deployed V3 pool, and SwapRouter pays exactly that (init code hash matches)', async () => {
    const weth = m.tokens.WETH!.address
    const usdc = m.tokens.USDC!.address
    const amountIn = parseEther('10')
    const { result } = await anvil.publicClient.simulateContract({
      address: m.venues['uniswap-v3'].quoter,
      abi: quoterV2Abi,
      functionName: 'quoteExactInputSingle',
      args: [{ tokenIn: weth, tokenOut: usdc, amountIn, fee: 500, sqrtPriceLimitX96: 0n }],
    })
    const [quoted, , ticksCrossed] = result
    // 10 WETH at ~3000 USDC each, within the seed's ±0.5% price move and the 0.05% fee.
    expect(quoted).toBeGreaterThan(29_700n * 10n ** 6n)
    expect(quoted).toBeLessThan(30_300n * 10n ** 6n)
    expect(ticksCrossed).toBe(0)

    await write(TRADER, weth, weth9Abi as Abi, 'deposit', [], amountIn)
    await write(TRADER, weth, erc20Abi as Abi, 'approve', [m.venues['uniswap-v3'].router, maxUint256])
    const before = await balanceOf(usdc, TRADER)
    await write(TRADER, m.venues['uniswap-v3'].router, swapRouterAbi as Abi, 'exactInputSingle', [
      { tokenIn: weth, tokenOut: usdc, fee: 500, recipient: TRADER, deadline: maxUint256, amountIn, amountOutMinimum: quoted, sqrtPriceLimitX96: 0n },
    ])
    expect((await balanceOf(usdc, TRADER)) - before).toBe(quoted)
  })

  it('flash mode: a V2/V3 mispricing pays its profit through the real Aave Pool, premium included', async () => {
    await dumpWethOnV2(parseEther('300'))
    const usdc = m.tokens.USDC!.address
    const route = usdcRoute()
    const amountIn = 100_000n * 10n ** 6n
    const reserve = await read<{ aTokenAddress: Address; liquidityIndex: bigint }>(m.aave.pool, aavePoolAbi as Abi, 'getReserveData', [usdc])
    const aaveBefore = await balanceOf(usdc, reserve.aTokenAddress)
    const executorBefore = await balanceOf(usdc, m.executor!)

    // The same trade with the executor's own USDC, simulated: flash profit must be that minus the premium.
    const { result: capitalProfit } = await anvil.publicClient.simulateContract({
      account: DEVNET_DEPLOYER,
      address: m.executor!,
      abi: arbExecutorAbi,
      functionName: 'execute',
      args: [route, amountIn, 1n],
    })

    const receipt = await write(DEVNET_DEPLOYER, m.executor!, arbExecutorAbi as Abi, 'executeFlash', [route, amountIn, 1n])
    const [event] = parseEventLogs({ abi: arbExecutorAbi, logs: receipt.logs, eventName: 'Arbitrage' })
    const profit = event!.args.profit
    const premium = (amountIn * 9n + 5_000n) / 10_000n // Aave's percentMul, rounding half up

    expect(event!.args.flash).toBe(true)
    expect(profit).toBeGreaterThan(0n)
    expect((await balanceOf(usdc, m.executor!)) - executorBefore).toBe(profit)
    expect(profit).toBe(capitalProfit - premium)
    // The premium went to Aave's suppliers: the aToken holds exactly that much more USDC, and the index grew.
    expect((await balanceOf(usdc, reserve.aTokenAddress)) - aaveBefore).toBe(premium)
    const after = await read<{ liquidityIndex: bigint }>(m.aave.pool, aavePoolAbi as Abi, 'getReserveData', [usdc])
    expect(after.liquidityIndex).toBeGreaterThan(reserve.liquidityIndex)
  })

  it('capital mode: the same arbitrage with the executor’s own balance, Aave untouched', async () => {
    await dumpWethOnV2(parseEther('300'))
    const usdc = m.tokens.USDC!.address
    const amountIn = 100_000n * 10n ** 6n
    const reserve = await read<{ aTokenAddress: Address }>(m.aave.pool, aavePoolAbi as Abi, 'getReserveData', [usdc])
    const aaveBefore = await balanceOf(usdc, reserve.aTokenAddress)
    const executorBefore = await balanceOf(usdc, m.executor!)

    const receipt = await write(DEVNET_DEPLOYER, m.executor!, arbExecutorAbi as Abi, 'execute', [usdcRoute(), amountIn, 1n])
    const [event] = parseEventLogs({ abi: arbExecutorAbi, logs: receipt.logs, eventName: 'Arbitrage' })

    expect(event!.args.flash).toBe(false)
    expect(event!.args.profit).toBeGreaterThan(0n)
    expect((await balanceOf(usdc, m.executor!)) - executorBefore).toBe(event!.args.profit)
    expect(await balanceOf(usdc, reserve.aTokenAddress)).toBe(aaveBefore)
  })

  it('without a mispricing the devnet offers no arbitrage: the route reverts Unprofitable', async () => {
    const err = await anvil.publicClient
      .simulateContract({
        account: DEVNET_DEPLOYER,
        address: m.executor!,
        abi: arbExecutorAbi,
        functionName: 'executeFlash',
        args: [usdcRoute(), 10_000n * 10n ** 6n, 0n],
      })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ViemBaseError)
    const revert = (err as ViemBaseError).walk((e) => e instanceof ContractFunctionRevertedError) as ContractFunctionRevertedError
    expect(revert?.data?.errorName).toBe('Unprofitable')
  })
})
