/**
 * Where each contract's compiled artifact lives, relative to the repository root. Everything comes from
 * the npm packages' own build output, except our own contracts, which Forge writes to `contracts/out`.
 */
export const artifactPaths = {
  // Tokens
  WETH9: 'node_modules/@uniswap/v2-periphery/build/WETH9.json',
  ERC20: 'node_modules/@openzeppelin/contracts/build/contracts/ERC20.json',
  TestToken: 'contracts/out/TestToken.sol/TestToken.json',
  // Screening cases (contracts/src/tokens/): tokens a route must not trust
  FeeOnTransferToken: 'contracts/out/FeeOnTransferToken.sol/FeeOnTransferToken.json',
  RebasingToken: 'contracts/out/RebasingToken.sol/RebasingToken.json',
  SenderRestrictedToken: 'contracts/out/SenderRestrictedToken.sol/SenderRestrictedToken.json',
  // Uniswap V2 (also deployed a second time as "sushiswap")
  UniswapV2Factory: 'node_modules/@uniswap/v2-core/build/UniswapV2Factory.json',
  UniswapV2Pair: 'node_modules/@uniswap/v2-core/build/UniswapV2Pair.json',
  // Uniswap V3
  UniswapV3Factory: 'node_modules/@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json',
  UniswapV3Pool: 'node_modules/@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json',
  QuoterV2: 'node_modules/@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json',
  SwapRouter: 'node_modules/@uniswap/v3-periphery/artifacts/contracts/SwapRouter.sol/SwapRouter.json',
  NonfungiblePositionManager:
    'node_modules/@uniswap/v3-periphery/artifacts/contracts/NonfungiblePositionManager.sol/NonfungiblePositionManager.json',
  NonfungibleTokenPositionDescriptor:
    'node_modules/@uniswap/v3-periphery/artifacts/contracts/NonfungibleTokenPositionDescriptor.sol/NonfungibleTokenPositionDescriptor.json',
  NFTDescriptor: 'node_modules/@uniswap/v3-periphery/artifacts/contracts/libraries/NFTDescriptor.sol/NFTDescriptor.json',
  // Aave V3
  PoolAddressesProvider:
    'node_modules/@aave/core-v3/artifacts/contracts/protocol/configuration/PoolAddressesProvider.sol/PoolAddressesProvider.json',
  ACLManager: 'node_modules/@aave/core-v3/artifacts/contracts/protocol/configuration/ACLManager.sol/ACLManager.json',
  Pool: 'node_modules/@aave/core-v3/artifacts/contracts/protocol/pool/Pool.sol/Pool.json',
  PoolConfigurator: 'node_modules/@aave/core-v3/artifacts/contracts/protocol/pool/PoolConfigurator.sol/PoolConfigurator.json',
  BorrowLogic: 'node_modules/@aave/core-v3/artifacts/contracts/protocol/libraries/logic/BorrowLogic.sol/BorrowLogic.json',
  BridgeLogic: 'node_modules/@aave/core-v3/artifacts/contracts/protocol/libraries/logic/BridgeLogic.sol/BridgeLogic.json',
  EModeLogic: 'node_modules/@aave/core-v3/artifacts/contracts/protocol/libraries/logic/EModeLogic.sol/EModeLogic.json',
  FlashLoanLogic: 'node_modules/@aave/core-v3/artifacts/contracts/protocol/libraries/logic/FlashLoanLogic.sol/FlashLoanLogic.json',
  LiquidationLogic:
    'node_modules/@aave/core-v3/artifacts/contracts/protocol/libraries/logic/LiquidationLogic.sol/LiquidationLogic.json',
  PoolLogic: 'node_modules/@aave/core-v3/artifacts/contracts/protocol/libraries/logic/PoolLogic.sol/PoolLogic.json',
  SupplyLogic: 'node_modules/@aave/core-v3/artifacts/contracts/protocol/libraries/logic/SupplyLogic.sol/SupplyLogic.json',
  ConfiguratorLogic:
    'node_modules/@aave/core-v3/artifacts/contracts/protocol/libraries/logic/ConfiguratorLogic.sol/ConfiguratorLogic.json',
  AToken: 'node_modules/@aave/core-v3/artifacts/contracts/protocol/tokenization/AToken.sol/AToken.json',
  StableDebtToken: 'node_modules/@aave/core-v3/artifacts/contracts/protocol/tokenization/StableDebtToken.sol/StableDebtToken.json',
  VariableDebtToken:
    'node_modules/@aave/core-v3/artifacts/contracts/protocol/tokenization/VariableDebtToken.sol/VariableDebtToken.json',
  DefaultReserveInterestRateStrategy:
    'node_modules/@aave/core-v3/artifacts/contracts/protocol/pool/DefaultReserveInterestRateStrategy.sol/DefaultReserveInterestRateStrategy.json',
  AaveOracle: 'node_modules/@aave/core-v3/artifacts/contracts/misc/AaveOracle.sol/AaveOracle.json',
  MockAggregator: 'node_modules/@aave/core-v3/artifacts/contracts/mocks/oracle/CLAggregators/MockAggregator.sol/MockAggregator.json',
  AaveProtocolDataProvider:
    'node_modules/@aave/core-v3/artifacts/contracts/misc/AaveProtocolDataProvider.sol/AaveProtocolDataProvider.json',
  // Balancer V2 (the Vault of 2021, weighted pools of 2023, from @balancer-labs/v2-deployments)
  BalancerAuthorizer: 'node_modules/@balancer-labs/v2-deployments/dist/tasks/20210418-authorizer/artifact/Authorizer.json',
  BalancerVault: 'node_modules/@balancer-labs/v2-deployments/dist/tasks/20210418-vault/artifact/Vault.json',
  BalancerProtocolFeePercentagesProvider:
    'node_modules/@balancer-labs/v2-deployments/dist/tasks/20220725-protocol-fee-percentages-provider/artifact/ProtocolFeePercentagesProvider.json',
  BalancerWeightedPoolFactory: 'node_modules/@balancer-labs/v2-deployments/dist/tasks/20230206-weighted-pool-v3/artifact/WeightedPoolFactory.json',
  BalancerWeightedPool: 'node_modules/@balancer-labs/v2-deployments/dist/tasks/20230206-weighted-pool-v3/artifact/WeightedPool.json',
  // Uniswap V4 (v4-core's own Forge build)
  PoolManager: 'node_modules/@uniswap/v4-core/out/PoolManager.sol/PoolManager.json',
  // Ours (Forge)
  ArbExecutor: 'contracts/out/ArbExecutor.sol/ArbExecutor.json',
  // Deployless lenses: run as eth_call creation code by the market reader (contracts/src/lens/)
  PoolStateLens: 'contracts/out/PoolStateLens.sol/PoolStateLens.json',
  TickBitmapLens: 'contracts/out/TickBitmapLens.sol/TickBitmapLens.json',
  StaticCallLens: 'contracts/out/StaticCallLens.sol/StaticCallLens.json',
  // Devnet helper: V4 liquidity through the PoolManager's unlock callback (contracts/src/devnet/)
  V4LiquidityProvider: 'contracts/out/V4LiquidityProvider.sol/V4LiquidityProvider.json',
  V4Swapper: 'contracts/out/V4Swapper.sol/V4Swapper.json',
} as const

export type ArtifactName = keyof typeof artifactPaths
