import { decodeFunctionResult, encodeFunctionData, erc20Abi, getContractAddress, maxUint256, type Address } from 'viem'
import { aaveAclManagerAbi } from '../abi/aaveAclManager.js'
import { aavePoolAbi } from '../abi/aavePool.js'
import { aavePoolAddressesProviderAbi } from '../abi/aavePoolAddressesProvider.js'
import { aavePoolConfiguratorAbi } from '../abi/aavePoolConfigurator.js'
import { DevnetError } from '../errors/DevnetError.js'
import type { TxSender } from './createTxSender.js'
import { linkBytecode } from './linkBytecode.js'
import { loadArtifact } from './loadArtifact.js'

/** Addresses of the devnet's Aave V3 market. */
export type AaveDeployment = {
  pool: Address
  addressesProvider: Address
  configurator: Address
  aclManager: Address
  oracle: Address
  dataProvider: Address
}

/** One reserve to list: the asset, its price (USD, 8 decimals), risk parameters and the amount the sender supplies. */
export type AaveReserveInput = {
  asset: Address
  symbol: string
  decimals: number
  priceUsd8: bigint
  ltvBps: bigint
  thresholdBps: bigint
  supply: bigint
}

const RAY = 10n ** 27n
const pct = (p: bigint) => (p * RAY) / 100n

/**
 * Deploys a complete Aave V3 market from @aave/core-v3's own bytecode, the way Aave's deploy scripts do:
 * PoolAddressesProvider, ACLManager (sender = ACL admin and pool admin), Pool and PoolConfigurator
 * implementations with their logic libraries linked (proxied by the provider), AaveOracle fed by Aave's
 * MockAggregator per asset, AaveProtocolDataProvider, AToken/StableDebtToken/VariableDebtToken
 * implementations, a DefaultReserveInterestRateStrategy; then lists each reserve (collateral, borrowing
 * and flash loans enabled), sets the flash-loan premium to `flashLoanPremiumBps` and supplies liquidity.
 */
export async function deployAave(
  tx: TxSender,
  args: { reserves: AaveReserveInput[]; flashLoanPremiumBps?: bigint; marketId?: string },
): Promise<AaveDeployment> {
  const me = tx.from
  const call = async (label: string, to: Address, data: `0x${string}`, gas = 1_000_000n) => {
    await tx.send(label, to, data, { gas })
  }

  const addressesProvider = await tx.deploy('Aave PoolAddressesProvider', {
    ...loadArtifact('PoolAddressesProvider'),
    args: [args.marketId ?? 'AlphaPulse Devnet', me],
  })
  const provider = (
    functionName: 'setACLAdmin' | 'setACLManager' | 'setPoolImpl' | 'setPoolConfiguratorImpl' | 'setPriceOracle' | 'setPoolDataProvider',
    arg: Address,
  ) => encodeFunctionData({ abi: aavePoolAddressesProviderAbi, functionName, args: [arg] })
  await call('Aave setACLAdmin', addressesProvider, provider('setACLAdmin', me))
  const aclManager = await tx.deploy('Aave ACLManager', { ...loadArtifact('ACLManager'), args: [addressesProvider] })
  await call('Aave setACLManager', addressesProvider, provider('setACLManager', aclManager))
  await call('Aave addPoolAdmin', aclManager, encodeFunctionData({ abi: aaveAclManagerAbi, functionName: 'addPoolAdmin', args: [me] }))

  // Logic libraries, then the Pool and PoolConfigurator implementations linked against them.
  const libs: Record<string, Address> = {}
  for (const name of ['BorrowLogic', 'BridgeLogic', 'EModeLogic', 'LiquidationLogic', 'PoolLogic', 'SupplyLogic'] as const) {
    libs[name] = await tx.deploy(`Aave ${name}`, loadArtifact(name))
  }
  const flash = loadArtifact('FlashLoanLogic')
  libs.FlashLoanLogic = await tx.deploy('Aave FlashLoanLogic', { abi: flash.abi, bytecode: linkBytecode(flash, libs) })
  const poolArtifact = loadArtifact('Pool')
  const poolImpl = await tx.deploy('Aave Pool implementation', {
    abi: poolArtifact.abi,
    bytecode: linkBytecode(poolArtifact, libs),
    args: [addressesProvider],
    gas: 20_000_000n,
  })
  await call('Aave Pool implementation initialize', poolImpl, encodeFunctionData({ abi: aavePoolAbi, functionName: 'initialize', args: [addressesProvider] }))
  // The provider deploys the proxies itself with CREATE: the pool's proxy first (nonce 1), the configurator's next.
  await call('Aave setPoolImpl', addressesProvider, provider('setPoolImpl', poolImpl), 3_000_000n)
  const pool = getContractAddress({ from: addressesProvider, nonce: 1n }).toLowerCase() as Address

  const configuratorLogic = await tx.deploy('Aave ConfiguratorLogic', loadArtifact('ConfiguratorLogic'))
  const confArtifact = loadArtifact('PoolConfigurator')
  const configuratorImpl = await tx.deploy('Aave PoolConfigurator implementation', {
    abi: confArtifact.abi,
    bytecode: linkBytecode(confArtifact, { ConfiguratorLogic: configuratorLogic }),
    gas: 20_000_000n,
  })
  await call(
    'Aave PoolConfigurator implementation initialize',
    configuratorImpl,
    encodeFunctionData({ abi: aavePoolConfiguratorAbi, functionName: 'initialize', args: [addressesProvider] }),
  )
  await call('Aave setPoolConfiguratorImpl', addressesProvider, provider('setPoolConfiguratorImpl', configuratorImpl), 3_000_000n)
  const configurator = getContractAddress({ from: addressesProvider, nonce: 2n }).toLowerCase() as Address

  // Prices: one Aave MockAggregator per asset behind the real AaveOracle (USD base, 8 decimals).
  const sources: Address[] = []
  for (const r of args.reserves) {
    sources.push(await tx.deploy(`Aave MockAggregator ${r.symbol}`, { ...loadArtifact('MockAggregator'), args: [r.priceUsd8] }))
  }
  const oracle = await tx.deploy('Aave AaveOracle', {
    ...loadArtifact('AaveOracle'),
    args: [addressesProvider, args.reserves.map((r) => r.asset), sources, ZERO, ZERO, 10n ** 8n],
  })
  await call('Aave setPriceOracle', addressesProvider, provider('setPriceOracle', oracle))
  const dataProvider = await tx.deploy('Aave AaveProtocolDataProvider', {
    ...loadArtifact('AaveProtocolDataProvider'),
    args: [addressesProvider],
  })
  await call('Aave setPoolDataProvider', addressesProvider, provider('setPoolDataProvider', dataProvider))

  const aTokenImpl = await tx.deploy('Aave AToken implementation', { ...loadArtifact('AToken'), args: [pool] })
  const stableImpl = await tx.deploy('Aave StableDebtToken implementation', { ...loadArtifact('StableDebtToken'), args: [pool] })
  const variableImpl = await tx.deploy('Aave VariableDebtToken implementation', { ...loadArtifact('VariableDebtToken'), args: [pool] })
  // Aave's "rateStrategyVolatileOne"-like curve: 45% optimal usage, 0/7%/300% variable slopes.
  const strategy = await tx.deploy('Aave DefaultReserveInterestRateStrategy', {
    ...loadArtifact('DefaultReserveInterestRateStrategy'),
    args: [addressesProvider, pct(45n), 0n, pct(7n), pct(300n), pct(7n), pct(300n), pct(2n), pct(8n), pct(20n)],
  })

  const conf = (label: string, data: `0x${string}`, gas?: bigint) => call(label, configurator, data, gas)
  for (const r of args.reserves) {
    await conf(
      `Aave initReserves ${r.symbol}`,
      encodeFunctionData({
        abi: aavePoolConfiguratorAbi,
        functionName: 'initReserves',
        args: [
          [
            {
              aTokenImpl,
              stableDebtTokenImpl: stableImpl,
              variableDebtTokenImpl: variableImpl,
              underlyingAssetDecimals: r.decimals,
              interestRateStrategyAddress: strategy,
              underlyingAsset: r.asset,
              treasury: me,
              incentivesController: ZERO,
              aTokenName: `Aave Devnet ${r.symbol}`,
              aTokenSymbol: `a${r.symbol}`,
              variableDebtTokenName: `Aave Devnet Variable Debt ${r.symbol}`,
              variableDebtTokenSymbol: `variableDebt${r.symbol}`,
              stableDebtTokenName: `Aave Devnet Stable Debt ${r.symbol}`,
              stableDebtTokenSymbol: `stableDebt${r.symbol}`,
              params: '0x',
            },
          ],
        ],
      }),
      6_000_000n,
    )
    await conf(
      `Aave configureReserveAsCollateral ${r.symbol}`,
      encodeFunctionData({
        abi: aavePoolConfiguratorAbi,
        functionName: 'configureReserveAsCollateral',
        args: [r.asset, r.ltvBps, r.thresholdBps, 10_500n],
      }),
    )
    await conf(
      `Aave setReserveBorrowing ${r.symbol}`,
      encodeFunctionData({ abi: aavePoolConfiguratorAbi, functionName: 'setReserveBorrowing', args: [r.asset, true] }),
    )
    await conf(
      `Aave setReserveFlashLoaning ${r.symbol}`,
      encodeFunctionData({ abi: aavePoolConfiguratorAbi, functionName: 'setReserveFlashLoaning', args: [r.asset, true] }),
    )
  }
  await conf(
    'Aave updateFlashloanPremiumTotal',
    encodeFunctionData({
      abi: aavePoolConfiguratorAbi,
      functionName: 'updateFlashloanPremiumTotal',
      args: [args.flashLoanPremiumBps ?? 9n],
    }),
  )
  for (const r of args.reserves) {
    await call(`Aave approve ${r.symbol}`, r.asset, encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [pool, maxUint256] }), 100_000n)
    await call(
      `Aave supply ${r.symbol}`,
      pool,
      encodeFunctionData({ abi: aavePoolAbi, functionName: 'supply', args: [r.asset, r.supply, me, 0] }),
    )
  }

  // The proxies' addresses were derived from the provider's nonce; confirm with the provider itself.
  const read = async (functionName: 'getPool' | 'getPoolConfigurator') =>
    decodeFunctionResult({
      abi: aavePoolAddressesProviderAbi,
      functionName,
      data: await tx.read(addressesProvider, encodeFunctionData({ abi: aavePoolAddressesProviderAbi, functionName })),
    }).toLowerCase()
  const [onChainPool, onChainConfigurator] = [await read('getPool'), await read('getPoolConfigurator')]
  if (onChainPool !== pool || onChainConfigurator !== configurator) {
    throw new DevnetError('Aave proxies are not where the deployment expected them', {
      step: 'aave',
      details: `pool ${onChainPool} (expected ${pool}), configurator ${onChainConfigurator} (expected ${configurator})`,
    })
  }
  return { pool, addressesProvider, configurator, aclManager, oracle, dataProvider }
}

const ZERO = '0x0000000000000000000000000000000000000000' as Address
