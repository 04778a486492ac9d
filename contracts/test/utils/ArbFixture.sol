// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IUniswapV2Factory} from "@uniswap/v2-core/contracts/interfaces/IUniswapV2Factory.sol";
import {IUniswapV2Pair} from "@uniswap/v2-core/contracts/interfaces/IUniswapV2Pair.sol";
import {IUniswapV3Factory} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Factory.sol";
import {IUniswapV3Pool} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol";
import {IQuoterV2} from "@uniswap/v3-periphery/contracts/interfaces/IQuoterV2.sol";
import {IWETH} from "@uniswap/v2-periphery/contracts/interfaces/IWETH.sol";
import {ArbExecutor} from "../../src/ArbExecutor.sol";
import {TestToken} from "../../src/tokens/TestToken.sol";
import {DeployUniswap} from "./DeployUniswap.sol";
import {DeployAave} from "./DeployAave.sol";

/// @notice Markets for ArbExecutor tests: the real Uniswap V2/V3, WETH9 and Aave V3 bytecode from npm.
///         WETH is priced 3000 USDC on the "cheap" pools and higher on the "rich" ones, so selling WETH on a rich
///         pool and buying it back on a cheap one is profitable.
abstract contract ArbFixture is DeployUniswap, DeployAave {
    struct Hop {
        bool v3;
        address pool;
        address tokenIn;
        address tokenOut;
        uint16 fee;
    }

    ArbExecutor internal exec;
    AaveMarket internal aave;
    address internal owner = makeAddr("owner");
    address internal bot = makeAddr("bot");
    address internal stranger = makeAddr("stranger");

    address internal weth;
    TestToken internal usdc;
    TestToken internal dai;
    IUniswapV2Factory internal v2a;
    IUniswapV2Factory internal v2b;
    IUniswapV3Factory internal v3;
    IQuoterV2 internal quoter;

    address internal v2Cheap; // WETH/USDC at 3000 on v2a
    address internal v2Rich; // WETH/USDC at 3090 on v2b
    address internal v2DaiWeth; // DAI/WETH at 3000 on v2a
    address internal v3Cheap; // WETH/USDC 0.05% at 3000
    address internal v3Rich; // WETH/USDC 0.3% at 3060
    address internal v3UsdcDai; // USDC/DAI 0.01% at 1:1

    uint256 internal constant USDC = 1e6;

    function setUp() public virtual {
        weth = deployWETH9();
        usdc = new TestToken("USD Coin", "USDC", 6, address(this));
        dai = new TestToken("Dai", "DAI", 18, address(this));

        v2a = deployV2Factory();
        v2b = deployV2Factory();
        v3 = deployV3Factory();
        quoter = IQuoterV2(deployQuoterV2(v3, weth));

        v2Cheap = createV2Pair(v2a, weth, address(usdc), 1000 ether, 3_000_000 * USDC);
        v2Rich = createV2Pair(v2b, weth, address(usdc), 1000 ether, 3_090_000 * USDC);
        v2DaiWeth = createV2Pair(v2a, address(dai), weth, 3_000_000 ether, 1000 ether);
        v3Cheap = createV3Pool(v3, weth, address(usdc), 500, 1000 ether, 3_000_000 * USDC);
        v3Rich = createV3Pool(v3, weth, address(usdc), 3000, 1000 ether, 3_060_000 * USDC);
        v3UsdcDai = createV3Pool(v3, address(usdc), address(dai), 100, 3_000_000 * USDC, 3_000_000 ether);

        aave = deployAave();
        listReserve(aave, weth, 3000e8);
        listReserve(aave, address(usdc), 1e8);
        fund(weth, address(this), 10_000 ether);
        supplyReserve(aave, weth, 10_000 ether);

        exec = new ArbExecutor(owner, address(aave.pool));
        vm.prank(owner);
        exec.setExecutor(bot, true);
    }

    function fund(address token, address to, uint256 amount) internal override {
        if (token == weth) {
            vm.deal(address(this), amount);
            IWETH(weth).deposit{value: amount}();
            require(IWETH(weth).transfer(to, amount), "WETH transfer failed");
        } else {
            TestToken(token).mint(to, amount);
        }
    }

    // ---------------------------------------------------------------- routes

    function _v2(address pair, address tokenIn, address tokenOut) internal pure returns (Hop memory) {
        return Hop(false, pair, tokenIn, tokenOut, 30);
    }

    function _v3(address pool, address tokenIn, address tokenOut) internal pure returns (Hop memory) {
        return Hop(true, pool, tokenIn, tokenOut, 0);
    }

    function _route(Hop memory a, Hop memory b) internal pure returns (Hop[] memory hops) {
        hops = new Hop[](2);
        (hops[0], hops[1]) = (a, b);
    }

    function _route(Hop memory a, Hop memory b, Hop memory c) internal pure returns (Hop[] memory hops) {
        hops = new Hop[](3);
        (hops[0], hops[1], hops[2]) = (a, b, c);
    }

    /// @dev The documented packed encoding: startToken ++ (flags, pool, tokenOut, v2FeeBps) per hop.
    function _encode(Hop[] memory hops) internal pure returns (bytes memory route) {
        route = abi.encodePacked(hops[0].tokenIn);
        for (uint256 i; i < hops.length; ++i) {
            uint8 flags = (hops[i].v3 ? 1 : 0) | (hops[i].tokenIn < hops[i].tokenOut ? 2 : 0);
            route = abi.encodePacked(route, flags, hops[i].pool, hops[i].tokenOut, hops[i].fee);
        }
    }

    /// @dev Expected route output, quoted hop by hop: V2 with UniswapV2Library.getAmountOut's formula on live
    ///      reserves, V3 with Uniswap's QuoterV2 (valid while no pool appears twice in a route).
    function _quote(Hop[] memory hops, uint256 amountIn) internal returns (uint256 amount) {
        amount = amountIn;
        for (uint256 i; i < hops.length; ++i) {
            Hop memory h = hops[i];
            if (h.v3) {
                (amount,,,) = quoter.quoteExactInputSingle(
                    IQuoterV2.QuoteExactInputSingleParams(h.tokenIn, h.tokenOut, amount, IUniswapV3Pool(h.pool).fee(), 0)
                );
            } else {
                (uint256 r0, uint256 r1,) = IUniswapV2Pair(h.pool).getReserves();
                (uint256 rIn, uint256 rOut) = h.tokenIn < h.tokenOut ? (r0, r1) : (r1, r0);
                uint256 inWithFee = amount * (10000 - h.fee);
                amount = inWithFee * rOut / (rIn * 10000 + inWithFee);
            }
        }
    }

    function _premium(uint256 amount) internal pure returns (uint256) {
        // Aave's PercentageMath.percentMul: half-up rounding.
        return (amount * AAVE_FLASH_PREMIUM_BPS + 5000) / 10000;
    }

    function _aToken(address asset) internal view returns (address) {
        return aave.pool.getReserveData(asset).aTokenAddress;
    }

    function _routeV2ToV2() internal view returns (Hop[] memory) {
        return _route(_v2(v2Rich, weth, address(usdc)), _v2(v2Cheap, address(usdc), weth));
    }

    function _routeV2ToV3() internal view returns (Hop[] memory) {
        return _route(_v2(v2Rich, weth, address(usdc)), _v3(v3Cheap, address(usdc), weth));
    }

    function _routeV3ToV3() internal view returns (Hop[] memory) {
        return _route(_v3(v3Rich, weth, address(usdc)), _v3(v3Cheap, address(usdc), weth));
    }

    function _routeV3ToV2() internal view returns (Hop[] memory) {
        return _route(_v3(v3Rich, weth, address(usdc)), _v2(v2Cheap, address(usdc), weth));
    }

    /// @dev WETH -> USDC (V2 rich) -> DAI (V3 0.01%) -> WETH (V2 DAI/WETH at 3000).
    function _routeTriangle() internal view returns (Hop[] memory) {
        return _route(
            _v2(v2Rich, weth, address(usdc)), _v3(v3UsdcDai, address(usdc), address(dai)), _v2(v2DaiWeth, address(dai), weth)
        );
    }

    function _routeById(uint256 id) internal view returns (Hop[] memory) {
        id %= 5;
        if (id == 0) return _routeV2ToV2();
        if (id == 1) return _routeV2ToV3();
        if (id == 2) return _routeV3ToV3();
        if (id == 3) return _routeV3ToV2();
        return _routeTriangle();
    }
}
