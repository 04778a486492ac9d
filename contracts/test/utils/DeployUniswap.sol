// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {IUniswapV2Factory} from "@uniswap/v2-core/contracts/interfaces/IUniswapV2Factory.sol";
import {IUniswapV2Pair} from "@uniswap/v2-core/contracts/interfaces/IUniswapV2Pair.sol";
import {IUniswapV3Factory} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Factory.sol";
import {IUniswapV3Pool} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol";
import {Artifacts} from "./Artifacts.sol";

/// @notice Deploys real Uniswap V2/V3 factories and WETH9 from the npm artifacts and seeds pools.
///         The inheriting test pays pool deposits through `fund`.
abstract contract DeployUniswap is Artifacts {
    string internal constant V2_FACTORY = "node_modules/@uniswap/v2-core/build/UniswapV2Factory.json";
    string internal constant V3_FACTORY =
        "node_modules/@uniswap/v3-core/artifacts/contracts/UniswapV3Factory.sol/UniswapV3Factory.json";
    string internal constant WETH9 = "node_modules/@uniswap/v2-periphery/build/WETH9.json";
    string internal constant QUOTER_V2 =
        "node_modules/@uniswap/v3-periphery/artifacts/contracts/lens/QuoterV2.sol/QuoterV2.json";

    int24 private constant MAX_TICK = 887272;

    mapping(address => bool) private _seededV3Pool;

    /// @dev Sends `amount` of `token` to `to`, minting or wrapping as needed.
    function fund(address token, address to, uint256 amount) internal virtual;

    function deployWETH9() internal returns (address) {
        return deployArtifact(WETH9, "");
    }

    function deployV2Factory() internal returns (IUniswapV2Factory) {
        return IUniswapV2Factory(deployArtifact(V2_FACTORY, abi.encode(address(this))));
    }

    /// @dev Also enables the 0.01% tier (tick spacing 1), as mainnet governance did after launch.
    function deployV3Factory() internal returns (IUniswapV3Factory factory) {
        factory = IUniswapV3Factory(deployArtifact(V3_FACTORY, ""));
        factory.enableFeeAmount(100, 1);
    }

    /// @dev Uniswap's own QuoterV2 (its pool init-code hash matches the npm v3-core pool bytecode).
    function deployQuoterV2(IUniswapV3Factory factory, address weth) internal returns (address) {
        return deployArtifact(QUOTER_V2, abi.encode(factory, weth));
    }

    /// @notice Creates the pair and deposits `amountA`/`amountB` (reserves in those proportions).
    function createV2Pair(IUniswapV2Factory factory, address tokenA, address tokenB, uint256 amountA, uint256 amountB)
        internal
        returns (address pair)
    {
        pair = factory.createPair(tokenA, tokenB);
        fund(tokenA, pair, amountA);
        fund(tokenB, pair, amountB);
        IUniswapV2Pair(pair).mint(address(this));
    }

    /// @notice Creates a V3 pool priced at amountB/amountA and adds full-range liquidity worth about those amounts.
    function createV3Pool(
        IUniswapV3Factory factory,
        address tokenA,
        address tokenB,
        uint24 fee,
        uint256 amountA,
        uint256 amountB
    ) internal returns (address pool) {
        (uint256 amount0, uint256 amount1) = tokenA < tokenB ? (amountA, amountB) : (amountB, amountA);
        pool = factory.createPool(tokenA, tokenB, fee);
        IUniswapV3Pool(pool).initialize(uint160(Math.sqrt(Math.mulDiv(amount1, 1 << 192, amount0))));
        int24 spacing = factory.feeAmountTickSpacing(fee);
        // Largest usable tick: MAX_TICK rounded down to the spacing (truncation intended).
        // forge-lint: disable-next-line(divide-before-multiply)
        int24 upper = (MAX_TICK / spacing) * spacing;
        _seededV3Pool[pool] = true;
        IUniswapV3Pool(pool).mint(address(this), -upper, upper, uint128(Math.sqrt(amount0 * amount1)), "");
        _seededV3Pool[pool] = false;
    }

    function uniswapV3MintCallback(uint256 amount0Owed, uint256 amount1Owed, bytes calldata) external {
        require(_seededV3Pool[msg.sender], "mint callback from unknown pool");
        if (amount0Owed > 0) fund(IUniswapV3Pool(msg.sender).token0(), msg.sender, amount0Owed);
        if (amount1Owed > 0) fund(IUniswapV3Pool(msg.sender).token1(), msg.sender, amount1Owed);
    }
}
