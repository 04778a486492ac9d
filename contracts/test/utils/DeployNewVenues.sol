// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {V4PoolKey} from "../../src/interfaces/IV4PoolManager.sol";
import {Artifacts} from "./Artifacts.sol";
import {IV4PoolManagerAdmin, V4LiquidityProvider} from "../../src/devnet/V4LiquidityProvider.sol";

/// @notice The parts of the real Balancer Vault and weighted pool factory a test needs.
interface IBalancerVaultAdmin {
    struct JoinPoolRequest {
        address[] assets;
        uint256[] maxAmountsIn;
        bytes userData;
        bool fromInternalBalance;
    }

    function joinPool(bytes32 poolId, address sender, address recipient, JoinPoolRequest memory request) external payable;
    function getPoolTokens(bytes32 poolId) external view returns (address[] memory, uint256[] memory, uint256);
}

interface IWeightedPoolFactory {
    function create(
        string memory name,
        string memory symbol,
        address[] memory tokens,
        uint256[] memory normalizedWeights,
        address[] memory rateProviders,
        uint256 swapFeePercentage,
        address owner
    ) external returns (address);
}

/// @notice Deploys Balancer V2 (Vault, weighted pools) and Uniswap V4 (PoolManager) from their npm build artifacts.
abstract contract DeployNewVenues is Artifacts {
    string internal constant BALANCER = "node_modules/@balancer-labs/v2-deployments/dist/tasks/";

    function deployBalancer(address weth) internal returns (address vault, address factory) {
        address authorizer = deployArtifact(string.concat(BALANCER, "20210418-authorizer/artifact/Authorizer.json"), abi.encode(address(this)));
        vault = deployArtifact(string.concat(BALANCER, "20210418-vault/artifact/Vault.json"), abi.encode(authorizer, weth, 0, 0));
        address provider = deployArtifact(
            string.concat(BALANCER, "20220725-protocol-fee-percentages-provider/artifact/ProtocolFeePercentagesProvider.json"),
            abi.encode(vault, 1e18, 1e18)
        );
        factory = deployArtifact(
            string.concat(BALANCER, "20230206-weighted-pool-v3/artifact/WeightedPoolFactory.json"), abi.encode(vault, provider, "f", "p")
        );
    }

    /// @dev A two-token 50/50 weighted pool seeded with `amountA`/`amountB` (tokens sorted here); this contract must
    ///      hold them.
    function createWeightedPool(address vault, address factory, address tokenA, address tokenB, uint256 amountA, uint256 amountB, uint256 swapFee)
        internal
        returns (address pool, bytes32 poolId)
    {
        (address[] memory tokens, uint256[] memory amounts) = _sorted(tokenA, tokenB, amountA, amountB);
        uint256[] memory weights = new uint256[](2);
        (weights[0], weights[1]) = (0.5e18, 0.5e18);
        pool = IWeightedPoolFactory(factory).create("W", "W", tokens, weights, new address[](2), swapFee, address(this));
        poolId = _join(vault, pool, tokens, amounts);
    }

    function _sorted(address tokenA, address tokenB, uint256 amountA, uint256 amountB)
        private
        pure
        returns (address[] memory tokens, uint256[] memory amounts)
    {
        tokens = new address[](2);
        amounts = new uint256[](2);
        (tokens[0], tokens[1], amounts[0], amounts[1]) = tokenA < tokenB ? (tokenA, tokenB, amountA, amountB) : (tokenB, tokenA, amountB, amountA);
    }

    function _join(address vault, address pool, address[] memory tokens, uint256[] memory amounts) private returns (bytes32 poolId) {
        (bool ok, bytes memory ret) = pool.staticcall(abi.encodeWithSignature("getPoolId()"));
        require(ok, "getPoolId");
        poolId = abi.decode(ret, (bytes32));
        IERC20(tokens[0]).approve(vault, amounts[0]);
        IERC20(tokens[1]).approve(vault, amounts[1]);
        IBalancerVaultAdmin(vault).joinPool(
            poolId, address(this), address(this), IBalancerVaultAdmin.JoinPoolRequest(tokens, amounts, abi.encode(uint256(0), amounts), false)
        );
    }

    function deployPoolManager() internal returns (IV4PoolManagerAdmin) {
        string memory json = vm.readFile("node_modules/@uniswap/v4-core/out/PoolManager.sol/PoolManager.json");
        bytes memory code = vm.parseJsonBytes(json, ".bytecode.object");
        return IV4PoolManagerAdmin(deployBytes(abi.encodePacked(code, abi.encode(address(this)))));
    }

    /// @dev A hookless pool at the price amountB/amountA with full-range liquidity `liquidity`; this contract must hold
    ///      enough of both tokens (they go to a provider contract first).
    function createV4Pool(IV4PoolManagerAdmin manager, address tokenA, address tokenB, uint24 fee, int24 tickSpacing, uint256 amountA, uint256 amountB, int256 liquidity)
        internal
        returns (V4PoolKey memory key)
    {
        bool aFirst = tokenA < tokenB;
        (address c0, address c1) = aFirst ? (tokenA, tokenB) : (tokenB, tokenA);
        (uint256 a0, uint256 a1) = aFirst ? (amountA, amountB) : (amountB, amountA);
        key = V4PoolKey(c0, c1, fee, tickSpacing, address(0));
        manager.initialize(key, uint160(Math.sqrt(Math.mulDiv(a1, 1 << 192, a0))));
        V4LiquidityProvider lp = new V4LiquidityProvider(manager);
        IERC20(c0).transfer(address(lp), a0);
        IERC20(c1).transfer(address(lp), a1);
        int24 top = (887272 / tickSpacing) * tickSpacing;
        lp.add(key, -top, top, liquidity);
    }
}
