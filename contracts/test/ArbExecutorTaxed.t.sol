// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IUniswapV2Pair} from "@uniswap/v2-core/contracts/interfaces/IUniswapV2Pair.sol";
import {ArbExecutor} from "../src/ArbExecutor.sol";
import {FeeOnTransferToken} from "../src/tokens/FeeOnTransferToken.sol";
import {ArbFixture} from "./utils/ArbFixture.sol";

/// @notice ArbExecutor's from-balance V2 hop (flags bit4) with a fee-on-transfer token that burns 5% of every
///         transfer: WETH -> TAX on a pair where TAX is cheap, TAX -> WETH on a pair where it is dear. The first
///         pair sends TAX straight to the second, which receives 95% of it; the second hop must swap what arrived.
contract ArbExecutorTaxedTest is ArbFixture {
    uint256 internal constant TAX_BPS = 500;
    uint8 internal constant FROM_BALANCE = 16;

    FeeOnTransferToken internal tax;
    address internal taxCheap; // 3,000 TAX per WETH on v2a
    address internal taxRich; // 2,600 TAX per WETH on v2b

    function setUp() public override {
        super.setUp();
        tax = new FeeOnTransferToken("Taxed", "TAX", TAX_BPS, address(this));
        // `fund` mints (FeeOnTransferToken.mint has TestToken's signature), and a mint is not taxed.
        taxCheap = createV2Pair(v2a, address(tax), weth, 3_000_000 ether, 1000 ether);
        taxRich = createV2Pair(v2b, address(tax), weth, 2_600_000 ether, 1000 ether);
    }

    /// @dev The route with the second hop's flags given: bit1 zeroForOne as usual, plus `extra`.
    function _taxedRoute(uint8 extra) internal view returns (bytes memory) {
        uint8 buy = weth < address(tax) ? 2 : 0;
        uint8 sell = address(tax) < weth ? 2 : 0;
        return abi.encodePacked(weth, buy, taxCheap, address(tax), uint16(30), sell | extra, taxRich, weth, uint16(30));
    }

    /// @dev What the engine's math says: V2 out, minus the token's 5% (rounded down) on the way to the next pair, V2 out.
    function _taxedQuote(uint256 amountIn) internal view returns (uint256) {
        uint256 bought = _v2Out(taxCheap, weth, amountIn);
        uint256 arrived = bought - (bought * TAX_BPS) / 10_000;
        return _v2Out(taxRich, address(tax), arrived);
    }

    function _v2Out(address pair, address tokenIn, uint256 amountIn) internal view returns (uint256) {
        (uint256 r0, uint256 r1,) = IUniswapV2Pair(pair).getReserves();
        (uint256 rIn, uint256 rOut) = tokenIn == IUniswapV2Pair(pair).token0() ? (r0, r1) : (r1, r0);
        uint256 inWithFee = amountIn * 9970;
        return inWithFee * rOut / (rIn * 10000 + inWithFee);
    }

    function test_execute_taxedFromBalance() public {
        _checkTaxed(10 ether);
    }

    function test_fuzz_execute_taxedFromBalance(uint256 amountIn) public {
        _checkTaxed(bound(amountIn, 1e9, 30 ether));
    }

    function _checkTaxed(uint256 amountIn) internal {
        fund(weth, address(exec), amountIn);
        uint256 expected = _taxedQuote(amountIn) - amountIn;
        vm.expectEmit(true, false, false, true, address(exec));
        emit ArbExecutor.Arbitrage(weth, amountIn, expected, false);
        vm.prank(bot);
        uint256 profit = exec.execute(_taxedRoute(FROM_BALANCE), amountIn, expected);
        assertEq(profit, expected, "profit == taxed quote - in, to the unit");
        assertEq(IERC20(weth).balanceOf(address(exec)), amountIn + profit);
        assertEq(tax.balanceOf(address(exec)), 0, "no TAX left");
        // The pair swapped exactly what arrived: its balance is its reserve again.
        (uint256 r0, uint256 r1,) = IUniswapV2Pair(taxRich).getReserves();
        assertEq(tax.balanceOf(taxRich), address(tax) < weth ? r0 : r1);
    }

    function test_executeFlash_taxedFromBalance() public {
        uint256 amountIn = 10 ether;
        uint256 expected = _taxedQuote(amountIn) - amountIn - _premium(amountIn);
        vm.prank(bot);
        uint256 profit = exec.executeFlash(_taxedRoute(FROM_BALANCE), amountIn, expected);
        assertEq(profit, expected);
    }

    function test_execute_revertsWhenTaxedHopNotFromBalance() public {
        // Swapping the untaxed amount asks the pair for more than what arrived pays for.
        fund(weth, address(exec), 10 ether);
        vm.prank(bot);
        vm.expectRevert(bytes("UniswapV2: K"));
        exec.execute(_taxedRoute(0), 10 ether, 0);
    }

    function test_execute_revertsWhenFromBalanceOnNonV2Hop() public {
        fund(weth, address(exec), 1 ether);
        uint8 sell = address(usdc) < weth ? 2 : 0;
        uint8 buy = weth < address(usdc) ? 2 : 0;
        bytes memory route =
            abi.encodePacked(weth, buy, v2Rich, address(usdc), uint16(30), sell | 1 | FROM_BALANCE, v3Cheap, weth, uint16(0));
        vm.prank(bot);
        vm.expectRevert(ArbExecutor.BadRoute.selector);
        exec.execute(route, 1 ether, 0);
    }

    function test_execute_revertsWhenUnknownFlag() public {
        fund(weth, address(exec), 1 ether);
        vm.prank(bot);
        vm.expectRevert(ArbExecutor.BadRoute.selector);
        exec.execute(_taxedRoute(32), 1 ether, 0);
    }
}
