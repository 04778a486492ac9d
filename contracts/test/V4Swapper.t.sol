// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {V4PoolKey} from "../src/interfaces/IV4PoolManager.sol";
import {IV4PoolManagerAdmin} from "../src/devnet/V4LiquidityProvider.sol";
import {V4Swapper} from "../src/devnet/V4Swapper.sol";
import {ArbFixture} from "./utils/ArbFixture.sol";
import {DeployNewVenues} from "./utils/DeployNewVenues.sol";

/// @notice The scenario's V4 swap helper against v4-core's PoolManager: exact input in full, stopped at a price
///         limit (paying only what the pool used), and a spoofed callback.
contract V4SwapperTest is ArbFixture, DeployNewVenues {
    IV4PoolManagerAdmin internal manager;
    V4PoolKey internal key; // WETH/USDC 0.05% at 3000
    V4Swapper internal swapper;
    address internal trader = makeAddr("trader");

    function setUp() public override {
        super.setUp();
        fund(weth, address(this), 3000 ether);
        fund(address(usdc), address(this), 20_000_000 * USDC);
        manager = deployPoolManager();
        key = createV4Pool(manager, weth, address(usdc), 500, 10, 1000 ether, 3_000_000 * USDC, 50e15);
        swapper = new V4Swapper(manager);
        fund(weth, trader, 100 ether);
        vm.prank(trader);
        IERC20(weth).approve(address(swapper), type(uint256).max);
    }

    function _wethIs0() internal view returns (bool) {
        return key.currency0 == weth;
    }

    function test_swap_exactInputPaysAndDelivers() public {
        vm.prank(trader);
        (uint256 paid, uint256 received) = swapper.swap(key, _wethIs0(), 1 ether, _wethIs0() ? 4295128740 : type(uint160).max / 1000, trader);
        assertEq(paid, 1 ether);
        assertEq(IERC20(weth).balanceOf(trader), 99 ether);
        assertEq(usdc.balanceOf(trader), received);
        // About 3000 USDC less the 0.05% fee and a little price impact.
        assertGt(received, 2980 * USDC);
        assertLt(received, 3000 * USDC);
    }

    function test_swap_stopsAtThePriceLimitAndPaysOnlyWhatWasUsed() public {
        (uint160 sqrtPrice,,,) = _slot0();
        // 0.1% of price movement at most: far less than 50 WETH moves it.
        uint160 limit = _wethIs0() ? sqrtPrice - sqrtPrice / 2000 : sqrtPrice + sqrtPrice / 2000;
        vm.prank(trader);
        (uint256 paid,) = swapper.swap(key, _wethIs0(), 50 ether, limit, trader);
        assertLt(paid, 50 ether);
        assertGt(paid, 0);
        assertEq(IERC20(weth).balanceOf(trader), 100 ether - paid, "only the used input was pulled");
        (uint160 after_,,,) = _slot0();
        assertEq(after_, limit);
    }

    function test_unlockCallback_revertsWhenCallerNotManager() public {
        vm.expectRevert(V4Swapper.NotManager.selector);
        swapper.unlockCallback("");
    }

    function _slot0() internal view returns (uint160 sqrtPriceX96, int24 tick, uint24 protocolFee, uint24 lpFee) {
        bytes32 id = keccak256(abi.encode(key));
        bytes32 slot = keccak256(abi.encodePacked(id, bytes32(uint256(6))));
        bytes32 word = IExtsload(address(manager)).extsload(slot);
        sqrtPriceX96 = uint160(uint256(word));
        tick = int24(int256(uint256(word) >> 160));
        protocolFee = uint24(uint256(word) >> 184);
        lpFee = uint24(uint256(word) >> 208);
    }
}

interface IExtsload {
    function extsload(bytes32 slot) external view returns (bytes32);
}
