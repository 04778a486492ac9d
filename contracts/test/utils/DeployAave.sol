// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IPoolAddressesProvider} from "@aave/core-v3/contracts/interfaces/IPoolAddressesProvider.sol";
import {IPool} from "@aave/core-v3/contracts/interfaces/IPool.sol";
import {IPoolConfigurator} from "@aave/core-v3/contracts/interfaces/IPoolConfigurator.sol";
import {IACLManager} from "@aave/core-v3/contracts/interfaces/IACLManager.sol";
import {IAaveOracle} from "@aave/core-v3/contracts/interfaces/IAaveOracle.sol";
import {ConfiguratorInputTypes} from "@aave/core-v3/contracts/protocol/libraries/types/ConfiguratorInputTypes.sol";
import {Artifacts} from "./Artifacts.sol";

/// @notice Deploys a real Aave V3 market (@aave/core-v3 1.19.x npm bytecode) inside a Forge test.
///         The inheriting contract becomes provider owner, ACL admin and pool admin.
///         The same sequence is written down for TypeScript in contracts/AAVE_DEPLOY.md.
abstract contract DeployAave is Artifacts {
    struct AaveMarket {
        IPoolAddressesProvider provider;
        IACLManager acl;
        IPool pool;
        IPoolConfigurator configurator;
        IAaveOracle oracle;
        address aTokenImpl;
        address stableDebtTokenImpl;
        address variableDebtTokenImpl;
        address rateStrategy;
        address treasury;
    }

    string internal constant AAVE = "node_modules/@aave/core-v3/artifacts/contracts/";
    string internal constant LOGIC = "contracts/protocol/libraries/logic/";

    /// @notice Flash-loan premium set on the market, in basis points (Aave's mainnet value).
    uint128 internal constant AAVE_FLASH_PREMIUM_BPS = 9;

    function deployAave() internal returns (AaveMarket memory m) {
        address admin = address(this);

        // 1. Addresses provider, ACL admin, ACL manager, pool admin.
        m.provider = IPoolAddressesProvider(
            deployArtifact(
                string.concat(AAVE, "protocol/configuration/PoolAddressesProvider.sol/PoolAddressesProvider.json"),
                abi.encode("AlphaPulse", admin)
            )
        );
        m.provider.setACLAdmin(admin);
        m.acl = IACLManager(
            deployArtifact(
                string.concat(AAVE, "protocol/configuration/ACLManager.sol/ACLManager.json"), abi.encode(m.provider)
            )
        );
        m.provider.setACLManager(address(m.acl));
        m.acl.addPoolAdmin(admin);

        // 2. Logic libraries, linked into the Pool; FlashLoanLogic itself links BorrowLogic.
        address borrowLogic = _deployLogic("BorrowLogic");
        string memory flashLoanLogicCode = link(
            artifactHex(_logicArtifact("FlashLoanLogic")), _logicFqn("BorrowLogic"), borrowLogic
        );
        address flashLoanLogic = deployHex(flashLoanLogicCode, "");

        string memory poolCode = artifactHex(string.concat(AAVE, "protocol/pool/Pool.sol/Pool.json"));
        poolCode = link(poolCode, _logicFqn("BorrowLogic"), borrowLogic);
        poolCode = link(poolCode, _logicFqn("FlashLoanLogic"), flashLoanLogic);
        poolCode = link(poolCode, _logicFqn("BridgeLogic"), _deployLogic("BridgeLogic"));
        poolCode = link(poolCode, _logicFqn("EModeLogic"), _deployLogic("EModeLogic"));
        poolCode = link(poolCode, _logicFqn("LiquidationLogic"), _deployLogic("LiquidationLogic"));
        poolCode = link(poolCode, _logicFqn("PoolLogic"), _deployLogic("PoolLogic"));
        poolCode = link(poolCode, _logicFqn("SupplyLogic"), _deployLogic("SupplyLogic"));

        // 3. Pool implementation; the provider deploys the proxy and calls initialize(provider).
        m.provider.setPoolImpl(deployHex(poolCode, abi.encode(m.provider)));
        m.pool = IPool(m.provider.getPool());

        // 4. Configurator (links ConfiguratorLogic), also behind a provider-made proxy.
        string memory configuratorCode = link(
            artifactHex(string.concat(AAVE, "protocol/pool/PoolConfigurator.sol/PoolConfigurator.json")),
            _logicFqn("ConfiguratorLogic"),
            _deployLogic("ConfiguratorLogic")
        );
        m.provider.setPoolConfiguratorImpl(deployHex(configuratorCode, ""));
        m.configurator = IPoolConfigurator(m.provider.getPoolConfigurator());

        // 5. Oracle (USD base, 8 decimals), fed by Aave's MockAggregator per asset in listReserve.
        m.oracle = IAaveOracle(
            deployArtifact(
                string.concat(AAVE, "misc/AaveOracle.sol/AaveOracle.json"),
                abi.encode(m.provider, new address[](0), new address[](0), address(0), address(0), uint256(1e8))
            )
        );
        m.provider.setPriceOracle(address(m.oracle));

        // 6. Token implementations and one shared interest-rate strategy.
        m.aTokenImpl = deployArtifact(
            string.concat(AAVE, "protocol/tokenization/AToken.sol/AToken.json"), abi.encode(m.pool)
        );
        m.stableDebtTokenImpl = deployArtifact(
            string.concat(AAVE, "protocol/tokenization/StableDebtToken.sol/StableDebtToken.json"), abi.encode(m.pool)
        );
        m.variableDebtTokenImpl = deployArtifact(
            string.concat(AAVE, "protocol/tokenization/VariableDebtToken.sol/VariableDebtToken.json"),
            abi.encode(m.pool)
        );
        m.rateStrategy = deployArtifact(
            string.concat(AAVE, "protocol/pool/DefaultReserveInterestRateStrategy.sol/DefaultReserveInterestRateStrategy.json"),
            abi.encode(m.provider, 0.8e27, 0, 0.04e27, 0.75e27, 0.005e27, 0.75e27, 0.01e27, 0.08e27, 0.2e27)
        );
        m.treasury = makeAddr("aaveTreasury");

        // 7. Flash-loan premium: 0 after initialize, so set it or flashLoanSimple is free.
        m.configurator.updateFlashloanPremiumTotal(AAVE_FLASH_PREMIUM_BPS);
    }

    /// @notice Lists `asset`, enables flash loans on it and prices it at `priceUsd8` (USD, 8 decimals).
    function listReserve(AaveMarket memory m, address asset, int256 priceUsd8) internal {
        string memory symbol = IERC20Metadata(asset).symbol();
        ConfiguratorInputTypes.InitReserveInput[] memory input = new ConfiguratorInputTypes.InitReserveInput[](1);
        input[0] = ConfiguratorInputTypes.InitReserveInput({
            aTokenImpl: m.aTokenImpl,
            stableDebtTokenImpl: m.stableDebtTokenImpl,
            variableDebtTokenImpl: m.variableDebtTokenImpl,
            underlyingAssetDecimals: IERC20Metadata(asset).decimals(),
            interestRateStrategyAddress: m.rateStrategy,
            underlyingAsset: asset,
            treasury: m.treasury,
            incentivesController: address(0),
            aTokenName: string.concat("Aave ", symbol),
            aTokenSymbol: string.concat("a", symbol),
            variableDebtTokenName: string.concat("Aave variable debt ", symbol),
            variableDebtTokenSymbol: string.concat("variableDebt", symbol),
            stableDebtTokenName: string.concat("Aave stable debt ", symbol),
            stableDebtTokenSymbol: string.concat("stableDebt", symbol),
            params: ""
        });
        m.configurator.initReserves(input);
        m.configurator.setReserveFlashLoaning(asset, true);

        address[] memory assets = new address[](1);
        address[] memory sources = new address[](1);
        assets[0] = asset;
        sources[0] = deployArtifact(
            string.concat(AAVE, "mocks/oracle/CLAggregators/MockAggregator.sol/MockAggregator.json"),
            abi.encode(priceUsd8)
        );
        m.oracle.setAssetSources(assets, sources);
    }

    /// @notice Supplies `amount` of `asset` held by this contract, so it can be flash-borrowed.
    function supplyReserve(AaveMarket memory m, address asset, uint256 amount) internal {
        IERC20(asset).approve(address(m.pool), amount);
        m.pool.supply(asset, amount, address(this), 0);
    }

    function _logicFqn(string memory name) private pure returns (string memory) {
        return string.concat(LOGIC, name, ".sol:", name);
    }

    function _logicArtifact(string memory name) private pure returns (string memory) {
        return string.concat(AAVE, "protocol/libraries/logic/", name, ".sol/", name, ".json");
    }

    function _deployLogic(string memory name) private returns (address) {
        return deployArtifact(_logicArtifact(name), "");
    }
}
