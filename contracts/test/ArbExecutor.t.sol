// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IUniswapV2Pair} from "@uniswap/v2-core/contracts/interfaces/IUniswapV2Pair.sol";
import {ArbExecutor} from "../src/ArbExecutor.sol";
import {TestToken} from "../src/tokens/TestToken.sol";
import {ArbFixture} from "./utils/ArbFixture.sol";
import {ReentrantToken} from "./utils/ReentrantToken.sol";

/// @notice ArbExecutor against the real Uniswap V2/V3, WETH9 and Aave V3 bytecode from npm (see ArbFixture).
contract ArbExecutorTest is ArbFixture {
    // ---------------------------------------------------------------- shared checks

    /// @dev Runs `hops` in capital mode from `bot` with a pre-funded executor and checks profit to the unit.
    function _checkCapital(Hop[] memory hops, uint256 amountIn) internal returns (uint256 profit) {
        fund(weth, address(exec), amountIn);
        uint256 expected = _quote(hops, amountIn) - amountIn;
        assertGt(expected, 0, "route should be profitable");

        vm.expectEmit(true, false, false, true, address(exec));
        emit ArbExecutor.Arbitrage(weth, amountIn, expected, false);
        vm.prank(bot);
        profit = exec.execute(_encode(hops), amountIn, expected);

        assertEq(profit, expected, "profit == quoted out - in");
        assertEq(IERC20(weth).balanceOf(address(exec)), amountIn + profit, "balance grew by profit");
        _assertNoLeftovers();
    }

    /// @dev Runs `hops` in flash mode from an empty executor; profit = out - in - premium, and Aave gets the premium.
    function _checkFlash(Hop[] memory hops, uint256 amountIn) internal returns (uint256 profit) {
        uint256 premium = _premium(amountIn);
        uint256 expected = _quote(hops, amountIn) - amountIn - premium;
        address aWeth = _aToken(weth);
        uint256 aaveBefore = IERC20(weth).balanceOf(aWeth);

        vm.expectEmit(true, false, false, true, address(exec));
        emit ArbExecutor.Arbitrage(weth, amountIn, expected, true);
        vm.prank(bot);
        profit = exec.executeFlash(_encode(hops), amountIn, expected);

        assertGt(premium, 0, "premium is really charged");
        assertEq(profit, expected, "profit == out - in - premium");
        assertEq(IERC20(weth).balanceOf(address(exec)), profit, "only profit stays");
        assertEq(IERC20(weth).balanceOf(aWeth), aaveBefore + premium, "Aave received amount + premium");
        assertEq(IERC20(weth).allowance(address(exec), address(aave.pool)), 0, "no allowance left to Aave");
        _assertNoLeftovers();
    }

    function _assertNoLeftovers() internal view {
        assertEq(usdc.balanceOf(address(exec)), 0, "no USDC left");
        assertEq(dai.balanceOf(address(exec)), 0, "no DAI left");
    }

    // ---------------------------------------------------------------- capital mode

    function test_execute_v2ToV2() public {
        _checkCapital(_routeV2ToV2(), 2 ether);
    }

    function test_execute_v2ToV3() public {
        _checkCapital(_routeV2ToV3(), 2 ether);
    }

    function test_execute_v3ToV3() public {
        _checkCapital(_routeV3ToV3(), 2 ether);
    }

    function test_execute_v3ToV2() public {
        _checkCapital(_routeV3ToV2(), 2 ether);
    }

    function test_execute_triangular() public {
        _checkCapital(_routeTriangle(), 2 ether);
    }

    function test_execute_byOwner() public {
        fund(weth, address(exec), 1 ether);
        vm.prank(owner);
        assertGt(exec.execute(_encode(_routeV2ToV2()), 1 ether, 0), 0);
    }

    /// @dev Profit is measured against the whole balance, so idle capital in the executor is untouched.
    function test_execute_keepsIdleCapital() public {
        fund(weth, address(exec), 50 ether);
        uint256 expected = _quote(_routeV2ToV2(), 1 ether) - 1 ether;
        vm.prank(bot);
        uint256 profit = exec.execute(_encode(_routeV2ToV2()), 1 ether, 0);
        assertEq(profit, expected);
        assertEq(IERC20(weth).balanceOf(address(exec)), 50 ether + expected);
    }

    // ---------------------------------------------------------------- flash mode

    function test_executeFlash_v2ToV2() public {
        _checkFlash(_routeV2ToV2(), 2 ether);
    }

    function test_executeFlash_v2ToV3() public {
        _checkFlash(_routeV2ToV3(), 2 ether);
    }

    function test_executeFlash_v3ToV3() public {
        _checkFlash(_routeV3ToV3(), 2 ether);
    }

    function test_executeFlash_v3ToV2() public {
        _checkFlash(_routeV3ToV2(), 2 ether);
    }

    function test_executeFlash_triangular() public {
        _checkFlash(_routeTriangle(), 2 ether);
    }

    /// @dev minProfit one unit above out - in - premium reverts; exactly at it passes.
    function test_executeFlash_accountsPremium() public {
        uint256 amountIn = 5 ether;
        uint256 gross = _quote(_routeV2ToV2(), amountIn) - amountIn;
        uint256 premium = _premium(amountIn);
        assertEq(premium, 0.0045 ether);
        bytes memory route = _encode(_routeV2ToV2());

        vm.prank(bot);
        vm.expectRevert(
            abi.encodeWithSelector(ArbExecutor.Unprofitable.selector, 0, gross - premium, gross - premium + 1)
        );
        exec.executeFlash(route, amountIn, gross - premium + 1);

        vm.prank(bot);
        assertEq(exec.executeFlash(route, amountIn, gross - premium), gross - premium);
    }

    // ---------------------------------------------------------------- fuzz

    /// @dev Any amount on any route: either the exact quoted profit, or Unprofitable; never a silent loss.
    function test_fuzz_execute(uint256 amountIn, uint256 routeId) public {
        amountIn = bound(amountIn, 1e9, 200 ether);
        Hop[] memory hops = _routeById(routeId);
        uint256 out = _quote(hops, amountIn);
        fund(weth, address(exec), amountIn);

        vm.prank(bot);
        if (out < amountIn) {
            vm.expectRevert(abi.encodeWithSelector(ArbExecutor.Unprofitable.selector, amountIn, out, 0));
            exec.execute(_encode(hops), amountIn, 0);
            return;
        }
        uint256 profit = exec.execute(_encode(hops), amountIn, 0);
        assertEq(profit, out - amountIn);
        assertEq(IERC20(weth).balanceOf(address(exec)), out);
        _assertNoLeftovers();
    }

    function test_fuzz_executeFlash(uint256 amountIn, uint256 routeId) public {
        amountIn = bound(amountIn, 1e9, 200 ether);
        Hop[] memory hops = _routeById(routeId);
        uint256 out = _quote(hops, amountIn);
        uint256 owed = amountIn + _premium(amountIn);

        vm.prank(bot);
        if (out < owed) {
            vm.expectRevert(abi.encodeWithSelector(ArbExecutor.Unprofitable.selector, 0, 0, 0));
            exec.executeFlash(_encode(hops), amountIn, 0);
            return;
        }
        uint256 profit = exec.executeFlash(_encode(hops), amountIn, 0);
        assertEq(profit, out - owed);
        assertEq(IERC20(weth).balanceOf(address(exec)), profit);
        _assertNoLeftovers();
    }

    /// @dev The V2 hop asks for the largest output the real pair accepts: one unit more fails the pair's K check.
    function test_fuzz_v2OutputIsExact(uint256 amountIn) public {
        amountIn = bound(amountIn, 1e12, 500 ether);
        uint256 usdcOut = _quote(_routeFirstHop(), amountIn);
        fund(weth, v2Rich, amountIn);
        bool wethIs0 = weth < address(usdc);
        vm.expectRevert(bytes("UniswapV2: K"));
        IUniswapV2Pair(v2Rich).swap(wethIs0 ? 0 : usdcOut + 1, wethIs0 ? usdcOut + 1 : 0, address(this), "");
        IUniswapV2Pair(v2Rich).swap(wethIs0 ? 0 : usdcOut, wethIs0 ? usdcOut : 0, address(this), "");
        assertEq(usdc.balanceOf(address(this)), usdcOut);
    }

    function _routeFirstHop() internal view returns (Hop[] memory hops) {
        hops = new Hop[](1);
        hops[0] = _v2(v2Rich, weth, address(usdc));
    }

    // ---------------------------------------------------------------- profit checks

    function test_execute_revertsWhenUnprofitable() public {
        // Reverse direction: buy WETH on the rich pool, sell on the cheap one.
        Hop[] memory hops = _route(_v2(v2Cheap, weth, address(usdc)), _v2(v2Rich, address(usdc), weth));
        uint256 out = _quote(hops, 1 ether);
        fund(weth, address(exec), 1 ether);
        vm.prank(bot);
        vm.expectRevert(abi.encodeWithSelector(ArbExecutor.Unprofitable.selector, 1 ether, out, 0));
        exec.execute(_encode(hops), 1 ether, 0);
    }

    function test_execute_revertsWhenBelowMinProfit() public {
        uint256 profit = _quote(_routeV3ToV3(), 1 ether) - 1 ether;
        fund(weth, address(exec), 1 ether);
        vm.prank(bot);
        vm.expectRevert(
            abi.encodeWithSelector(ArbExecutor.Unprofitable.selector, 1 ether, 1 ether + profit, profit + 1)
        );
        exec.execute(_encode(_routeV3ToV3()), 1 ether, profit + 1);
    }

    function test_executeFlash_revertsWhenUnprofitable() public {
        Hop[] memory hops = _route(_v3(v3Cheap, weth, address(usdc)), _v3(v3Rich, address(usdc), weth));
        vm.prank(bot);
        vm.expectPartialRevert(ArbExecutor.Unprofitable.selector);
        exec.executeFlash(_encode(hops), 1 ether, 0);
    }

    // ---------------------------------------------------------------- access control

    function test_execute_revertsWhenCallerUnauthorized() public {
        fund(weth, address(exec), 1 ether);
        bytes memory route = _encode(_routeV2ToV2());
        vm.prank(stranger);
        vm.expectRevert(ArbExecutor.Unauthorized.selector);
        exec.execute(route, 1 ether, 0);
    }

    function test_executeFlash_revertsWhenCallerUnauthorized() public {
        bytes memory route = _encode(_routeV2ToV2());
        vm.prank(stranger);
        vm.expectRevert(ArbExecutor.Unauthorized.selector);
        exec.executeFlash(route, 1 ether, 0);
    }

    function test_setExecutor_revokes() public {
        fund(weth, address(exec), 1 ether);
        vm.prank(owner);
        exec.setExecutor(bot, false);
        assertFalse(exec.executors(bot));
        bytes memory route = _encode(_routeV2ToV2());
        vm.prank(bot);
        vm.expectRevert(ArbExecutor.Unauthorized.selector);
        exec.execute(route, 1 ether, 0);
    }

    function test_setExecutor_revertsWhenNotOwner() public {
        vm.prank(bot);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, bot));
        exec.setExecutor(stranger, true);
    }

    function test_withdraw_sendsTokens() public {
        fund(weth, address(exec), 3 ether);
        vm.prank(owner);
        exec.withdraw(weth, stranger, 2 ether);
        assertEq(IERC20(weth).balanceOf(stranger), 2 ether);
        assertEq(IERC20(weth).balanceOf(address(exec)), 1 ether);
    }

    function test_withdrawETH_sendsEther() public {
        vm.deal(address(this), 1 ether);
        (bool ok,) = address(exec).call{value: 1 ether}("");
        assertTrue(ok, "receive() accepts ETH");
        vm.prank(owner);
        exec.withdrawETH(payable(stranger), 0.4 ether);
        assertEq(stranger.balance, 0.4 ether);
        assertEq(address(exec).balance, 0.6 ether);
    }

    function test_withdraw_revertsWhenNotOwner() public {
        fund(weth, address(exec), 1 ether);
        vm.prank(bot);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, bot));
        exec.withdraw(weth, bot, 1 ether);
    }

    function test_withdrawETH_revertsWhenNotOwner() public {
        vm.deal(address(exec), 1 ether);
        vm.prank(bot);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, bot));
        exec.withdrawETH(payable(bot), 1 ether);
    }

    // ---------------------------------------------------------------- callback spoofing

    function test_uniswapV3SwapCallback_revertsWhenCallerNotPool() public {
        fund(weth, address(exec), 1 ether);
        vm.prank(stranger);
        vm.expectRevert(ArbExecutor.InvalidCallback.selector);
        exec.uniswapV3SwapCallback(1 ether, 0, abi.encodePacked(weth));
    }

    /// @dev A real pool that is not being swapped on right now cannot pull funds.
    function test_uniswapV3SwapCallback_revertsWhenPoolNotSwapping() public {
        fund(weth, address(exec), 1 ether);
        vm.prank(v3Cheap);
        vm.expectRevert(ArbExecutor.InvalidCallback.selector);
        exec.uniswapV3SwapCallback(1 ether, 0, abi.encodePacked(weth));
    }

    /// @dev After a trade through a V3 pool (same transaction), the pool's callback slot is already cleared.
    function test_uniswapV3SwapCallback_revertsWhenReplayedAfterSwap() public {
        fund(weth, address(exec), 2 ether);
        vm.prank(bot);
        exec.execute(_encode(_routeV2ToV3()), 1 ether, 0);
        vm.prank(v3Cheap);
        vm.expectRevert(ArbExecutor.InvalidCallback.selector);
        exec.uniswapV3SwapCallback(int256(1 ether), 0, abi.encodePacked(weth));
    }

    function test_executeOperation_revertsWhenCallerNotAavePool() public {
        fund(weth, address(exec), 1 ether);
        bytes memory params = abi.encodePacked(uint256(0), uint256(0), _encode(_routeV2ToV2()));
        vm.prank(stranger);
        vm.expectRevert(ArbExecutor.InvalidCallback.selector);
        exec.executeOperation(weth, 1 ether, 0, address(exec), params);
    }

    /// @dev Someone else starts a real Aave flash loan naming the executor as receiver.
    function test_executeOperation_revertsWhenInitiatorNotSelf() public {
        fund(weth, address(exec), 1 ether);
        bytes memory params = abi.encodePacked(uint256(0), uint256(0), _encode(_routeV2ToV2()));
        vm.prank(stranger);
        vm.expectRevert(ArbExecutor.InvalidInitiator.selector);
        aave.pool.flashLoanSimple(address(exec), weth, 1 ether, params, 0);
    }

    // ---------------------------------------------------------------- reentrancy

    /// @dev The hostile token is an allowed executor, so only the reentrancy guard stops its re-entry.
    function test_execute_revertsWhenTokenReenters() public {
        ReentrantToken evil = new ReentrantToken();
        address pairA = v2a.createPair(address(evil), weth);
        address pairB = v2b.createPair(address(evil), weth);
        _seedEvilPair(evil, pairA, 1000 ether, 100 ether);
        _seedEvilPair(evil, pairB, 1000 ether, 110 ether);
        // WETH buys more EVIL on pairA (10/WETH) than it costs on pairB (~9.1/WETH).
        Hop[] memory hops = _route(_v2(pairA, weth, address(evil)), _v2(pairB, address(evil), weth));
        bytes memory route = _encode(hops);
        fund(weth, address(exec), 2 ether);
        vm.prank(owner);
        exec.setExecutor(address(evil), true);

        // Sanity: without the attack the route is profitable and succeeds.
        uint256 snap = vm.snapshotState();
        vm.prank(bot);
        assertGt(exec.execute(route, 1 ether, 0), 0);
        vm.revertToState(snap);

        evil.arm(address(exec), abi.encodeWithSignature("execute(bytes,uint256,uint256)", route, 1 ether, 0));
        vm.prank(bot);
        vm.expectRevert(bytes("UniswapV2: TRANSFER_FAILED"));
        exec.execute(route, 1 ether, 0);

        // Re-entry on the executor's own transfer bubbles the guard's error unchanged.
        Hop[] memory evilFirst = _route(_v2(pairB, address(evil), weth), _v2(pairA, weth, address(evil)));
        evil.mint(address(exec), 1 ether);
        evil.arm(address(exec), abi.encodeWithSignature("executeFlash(bytes,uint256,uint256)", _encode(evilFirst), 1 ether, 0));
        vm.prank(bot);
        vm.expectRevert(ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        exec.execute(_encode(evilFirst), 1 ether, 0);
    }

    function _seedEvilPair(ReentrantToken evil, address pair, uint256 evilAmount, uint256 wethAmount) internal {
        evil.mint(pair, evilAmount);
        fund(weth, pair, wethAmount);
        IUniswapV2Pair(pair).mint(address(this));
    }

    // ---------------------------------------------------------------- bad input

    function test_execute_revertsWhenRouteMalformed() public {
        bytes memory good = _encode(_routeV2ToV2());
        fund(weth, address(exec), 1 ether);
        vm.startPrank(bot);

        vm.expectRevert(ArbExecutor.BadRoute.selector);
        exec.execute(abi.encodePacked(weth), 1 ether, 0); // no hop

        vm.expectRevert(ArbExecutor.BadRoute.selector);
        exec.execute(abi.encodePacked(good, uint8(0)), 1 ether, 0); // trailing byte

        vm.expectRevert(ArbExecutor.BadRoute.selector); // does not end in the start token
        exec.execute(_encode(_routeFirstHop()), 1 ether, 0);

        Hop[] memory badFee = _routeV2ToV2();
        badFee[1].fee = 10000;
        vm.expectRevert(ArbExecutor.BadRoute.selector);
        exec.execute(_encode(badFee), 1 ether, 0);

        vm.expectRevert(ArbExecutor.ZeroAmount.selector);
        exec.execute(good, 0, 0);
        vm.stopPrank();
    }

    function test_executeFlash_revertsWhenNoAavePool() public {
        ArbExecutor noAave = new ArbExecutor(owner, address(0));
        bytes memory route = _encode(_routeV2ToV2());
        vm.prank(owner);
        vm.expectRevert(ArbExecutor.FlashUnavailable.selector);
        noAave.executeFlash(route, 1 ether, 0);
    }

    /// @dev A V3 pool whose liquidity runs out before the price limit would leave input behind: revert instead.
    function test_execute_revertsWhenV3PartiallyFills() public {
        TestToken a = new TestToken("A", "A", 18, address(this));
        TestToken b = new TestToken("B", "B", 18, address(this));
        address thin = createV3Pool(v3, address(a), address(b), 3000, 1e6, 1e6);
        Hop[] memory hops = _route(_v3(thin, address(a), address(b)), _v3(thin, address(b), address(a)));
        uint256 huge = 1e40;
        a.mint(address(exec), huge);
        vm.prank(bot);
        vm.expectPartialRevert(ArbExecutor.PartialFill.selector);
        exec.execute(_encode(hops), huge, 0);
    }

    // ---------------------------------------------------------------- TestToken

    function test_testToken_mintAndDecimals() public {
        assertEq(usdc.decimals(), 6);
        usdc.mint(stranger, 5 * USDC);
        assertEq(usdc.balanceOf(stranger), 5 * USDC);
    }

    function test_testToken_mint_revertsWhenNotOwner() public {
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, stranger));
        usdc.mint(stranger, 1);
    }
}
