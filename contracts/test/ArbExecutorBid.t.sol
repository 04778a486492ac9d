// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {Test} from "forge-std/Test.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ArbExecutor} from "../src/ArbExecutor.sol";
import {ArbFixture} from "./utils/ArbFixture.sol";

/// @notice The builder payment: `bidBps` of the realized gain goes to block.coinbase in ETH, only out of profit.
contract ArbExecutorBidTest is ArbFixture {
    address internal builder = makeAddr("builder");

    function setUp() public override {
        super.setUp();
        vm.coinbase(builder);
    }

    function test_executeFlash_paysBuilderShareOfProfit() public {
        bytes memory route = _encode(_routeV3ToV3());
        uint256 gain = _quote(_routeV3ToV3(), 1 ether) - 1 ether - _premium(1 ether);
        vm.prank(bot);
        (uint256 kept, uint256 payment) = exec.executeFlash(route, 1 ether, 1, 4_000);
        assertEq(payment, (gain * 4_000) / 10_000, "payment = bid share of the gain");
        assertEq(kept, gain - payment, "the rest stays");
        assertEq(builder.balance, payment, "the builder got it in ETH");
        assertEq(IERC20(weth).balanceOf(address(exec)), kept, "only what stays is held");
        assertEq(address(exec).balance, 0, "no ETH left behind");
    }

    function test_execute_paysBuilderShareOfProfit() public {
        fund(weth, address(exec), 1 ether);
        uint256 gain = _quote(_routeV2ToV2(), 1 ether) - 1 ether;
        vm.prank(bot);
        (uint256 kept, uint256 payment) = exec.execute(_encode(_routeV2ToV2()), 1 ether, 0, 10_000);
        assertEq(payment, gain, "a 100% bid pays the whole gain");
        assertEq(kept, 0);
        assertEq(builder.balance, gain);
        assertEq(IERC20(weth).balanceOf(address(exec)), 1 ether, "capital untouched");
    }

    function test_execute_revertsWhenPaymentLeavesLessThanMinProfit() public {
        fund(weth, address(exec), 1 ether);
        uint256 gain = _quote(_routeV2ToV2(), 1 ether) - 1 ether;
        uint256 payment = (gain * 5_000) / 10_000;
        vm.prank(bot);
        vm.expectRevert(abi.encodeWithSelector(ArbExecutor.Unprofitable.selector, 1 ether, 1 ether + gain - payment, gain - payment + 1));
        exec.execute(_encode(_routeV2ToV2()), 1 ether, gain - payment + 1, 5_000);
    }

    function test_execute_revertsWhenBidAbove100Percent() public {
        fund(weth, address(exec), 1 ether);
        vm.prank(bot);
        vm.expectRevert(abi.encodeWithSelector(ArbExecutor.BadBid.selector, 10_001));
        exec.execute(_encode(_routeV2ToV2()), 1 ether, 1, 10_001);
    }

    function test_executeFlash_revertsWhenBuilderRefusesPayment() public {
        vm.coinbase(address(usdc)); // a contract without receive(): the payment cannot land
        vm.prank(bot);
        vm.expectPartialRevert(ArbExecutor.PaymentFailed.selector);
        exec.executeFlash(_encode(_routeV3ToV3()), 1 ether, 1, 1_000);
    }

    /// @dev Any amount, route and bid: the builder gets exactly its share of a real gain, the executor keeps the rest,
    ///      or the call reverts and nobody is paid.
    function test_fuzz_executeFlash_bid(uint256 amountIn, uint256 routeId, uint256 bidBps) public {
        amountIn = bound(amountIn, 1e9, 200 ether);
        bidBps = bound(bidBps, 0, 10_000);
        Hop[] memory hops = _routeById(routeId);
        uint256 out = _quote(hops, amountIn);
        uint256 owed = amountIn + _premium(amountIn);
        vm.prank(bot);
        if (out < owed) {
            vm.expectPartialRevert(ArbExecutor.Unprofitable.selector);
            exec.executeFlash(_encode(hops), amountIn, 0, bidBps);
            assertEq(builder.balance, 0);
            return;
        }
        (uint256 kept, uint256 payment) = exec.executeFlash(_encode(hops), amountIn, 0, bidBps);
        uint256 gain = out - owed;
        assertEq(payment, (gain * bidBps) / 10_000);
        assertEq(kept + payment, gain, "payment comes out of the gain, nothing else");
        assertEq(builder.balance, payment);
        assertEq(IERC20(weth).balanceOf(address(exec)), kept);
    }
}

/// @notice Random trades with random sizes, routes, bids and minimums.
contract ArbExecutorBidHandler is Test {
    ArbExecutor internal immutable exec;
    address internal immutable bot;
    address internal immutable weth;
    bytes[] internal routes;
    address public constant BUILDER = address(0xB1D);
    uint256 public paid;
    uint256 public kept;
    uint256 public trades;

    constructor(ArbExecutor exec_, address bot_, address weth_, bytes[] memory routes_) {
        (exec, bot, weth, routes) = (exec_, bot_, weth_, routes_);
    }

    function trade(uint256 amountIn, uint256 routeId, uint256 bidBps, uint256 minProfit) external {
        amountIn = bound(amountIn, 1e9, 50 ether);
        bidBps = bound(bidBps, 0, 10_000);
        minProfit = bound(minProfit, 0, 0.5 ether);
        bytes memory route = routes[routeId % routes.length];
        vm.coinbase(BUILDER);
        uint256 before = IERC20(weth).balanceOf(address(exec));
        vm.prank(bot);
        try exec.executeFlash(route, amountIn, minProfit, bidBps) returns (uint256 k, uint256 p) {
            uint256 gain = k + p;
            require(IERC20(weth).balanceOf(address(exec)) == before + k, "holdings grew by what was kept");
            require(p == (gain * bidBps) / 10_000, "payment is the bid share of the gain");
            require(k >= minProfit, "kept at least the minimum");
            kept += k;
            paid += p;
            trades++;
        } catch {
            require(IERC20(weth).balanceOf(address(exec)) == before, "a reverted trade moves nothing");
        }
    }
}

contract ArbExecutorBidInvariantTest is ArbFixture {
    ArbExecutorBidHandler internal handler;
    uint256 internal startBalance;

    function setUp() public override {
        super.setUp();
        bytes[] memory routes = new bytes[](5);
        for (uint256 i; i < 5; ++i) routes[i] = _encode(_routeById(i));
        handler = new ArbExecutorBidHandler(exec, bot, weth, routes);
        startBalance = IERC20(weth).balanceOf(address(exec));
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](1);
        selectors[0] = ArbExecutorBidHandler.trade.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// forge-config: default.invariant.runs = 24
    /// forge-config: default.invariant.depth = 10
    function invariant_paymentsOnlyOutOfProfit() public view {
        assertEq(handler.BUILDER().balance, handler.paid(), "the builder got exactly what trades paid");
        assertEq(IERC20(weth).balanceOf(address(exec)), startBalance + handler.kept(), "the executor never paid from its holdings");
    }
}
