// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ArbExecutor} from "../src/ArbExecutor.sol";
import {IBalancerVault} from "../src/interfaces/IBalancerV2.sol";
import {V4PoolKey} from "../src/interfaces/IV4PoolManager.sol";
import {ArbFixture} from "./utils/ArbFixture.sol";
import {DeployNewVenues} from "./utils/DeployNewVenues.sol";
import {IV4PoolManagerAdmin} from "../src/devnet/V4LiquidityProvider.sol";

/// @notice ArbExecutor on the new venues, against the real bytecode: Balancer V2 (Vault of 2021, weighted pools of
///         2023) and Uniswap V4 (PoolManager from v4-core's out/): swaps through both, Vault flash loans, V4 flash
///         accounting, and spoofed callbacks.
contract ArbExecutorVenuesTest is ArbFixture, DeployNewVenues {
    address internal vault;
    address internal weighted; // WETH/USDC 50/50 at 3000, 0.3%
    IV4PoolManagerAdmin internal manager;
    V4PoolKey internal v4Key; // WETH/USDC 0.05% at 3000

    uint256 internal constant AMOUNT_IN = 2 ether;

    function setUp() public override {
        super.setUp();
        address factory;
        (vault, factory) = deployBalancer(weth);
        fund(weth, address(this), 3000 ether);
        fund(address(usdc), address(this), 20_000_000 * USDC);
        (weighted,) = createWeightedPool(vault, factory, weth, address(usdc), 1000 ether, 3_000_000 * USDC, 0.003e18);
        manager = deployPoolManager();
        v4Key = createV4Pool(manager, weth, address(usdc), 500, 10, 1000 ether, 3_000_000 * USDC, 50e15);
        fund(weth, address(exec), 10 ether);
    }

    // ---------------------------------------------------------------- routes

    /// @dev Sell WETH on the rich V2 pair (3090), buy it back on `venue`'s pool (3000).
    function _richThen(uint8 venueFlag, address pool, bytes memory v4Extra) internal view returns (bytes memory) {
        uint8 sellWeth = weth < address(usdc) ? 2 : 0;
        uint8 buyWeth = address(usdc) < weth ? 2 : 0;
        return abi.encodePacked(weth, sellWeth, v2Rich, address(usdc), uint16(30), venueFlag | buyWeth, pool, weth, uint16(0), v4Extra);
    }

    function _v4Extra() internal view returns (bytes memory) {
        return abi.encodePacked(v4Key.fee, v4Key.tickSpacing);
    }

    function _balancerRoute() internal view returns (bytes memory) {
        return _richThen(4, weighted, "");
    }

    function _v4Route() internal view returns (bytes memory) {
        return _richThen(8, address(manager), _v4Extra());
    }

    // ---------------------------------------------------------------- Balancer V2

    function test_execute_v2ToBalancer() public {
        uint256 before = IERC20(weth).balanceOf(address(exec));
        vm.prank(bot);
        uint256 profit = exec.execute(_balancerRoute(), AMOUNT_IN, 1);
        assertGt(profit, 0);
        assertEq(IERC20(weth).balanceOf(address(exec)), before + profit);
        assertEq(IERC20(address(usdc)).balanceOf(address(exec)), 0, "no USDC left");
    }

    function test_executeFlashBalancer_isFreeOnAZeroFeeVault() public {
        bytes memory route = _encode(_routeV2ToV2());
        uint256 snap = vm.snapshotState();
        vm.prank(bot);
        uint256 capital = exec.execute(route, AMOUNT_IN, 1);
        vm.revertToState(snap);
        // The same trade with a Vault flash loan: the devnet Vault, like mainnet's, charges 0%.
        uint256 vaultWeth = IERC20(weth).balanceOf(vault);
        vm.prank(bot);
        (uint256 flash,) = exec.executeFlashBalancer(vault, route, AMOUNT_IN, 1, 0);
        assertEq(flash, capital);
        assertEq(IERC20(weth).balanceOf(vault), vaultWeth, "the Vault got its loan back");
    }

    function test_executeFlashBalancer_lendsFromTheVault() public {
        vm.prank(owner);
        exec.withdraw(weth, owner, 10 ether);
        assertEq(IERC20(weth).balanceOf(address(exec)), 0);
        vm.prank(bot);
        (uint256 profit,) = exec.executeFlashBalancer(vault, _encode(_routeV2ToV2()), AMOUNT_IN, 1, 0);
        assertGt(profit, 0);
        assertEq(IERC20(weth).balanceOf(address(exec)), profit);
    }

    function test_executeFlashBalancer_revertsWhenRouteSwapsInTheSameVault() public {
        // The Vault's flashLoan and swap share one reentrancy lock: a Vault loan cannot pay for a swap in that Vault
        // (the engine picks another flash source for such routes).
        vm.prank(bot);
        vm.expectRevert(bytes("BAL#400"));
        exec.executeFlashBalancer(vault, _balancerRoute(), AMOUNT_IN, 1, 0);
    }

    function test_executeFlashBalancer_revertsWhenUnprofitable() public {
        vm.prank(bot);
        vm.expectRevert();
        exec.executeFlashBalancer(vault, _balancerRoute(), AMOUNT_IN, 1000 ether, 0);
    }

    function test_executeFlashBalancer_revertsWhenCallerUnauthorized() public {
        vm.prank(stranger);
        vm.expectRevert(ArbExecutor.Unauthorized.selector);
        exec.executeFlashBalancer(vault, _balancerRoute(), AMOUNT_IN, 1, 0);
    }

    function test_receiveFlashLoan_revertsWhenCallerNotLender() public {
        IERC20[] memory tokens = new IERC20[](1);
        tokens[0] = IERC20(weth);
        uint256[] memory amounts = new uint256[](1);
        amounts[0] = 1 ether;
        vm.prank(stranger);
        vm.expectRevert(ArbExecutor.InvalidCallback.selector);
        exec.receiveFlashLoan(tokens, amounts, new uint256[](1), _balancerRoute());
    }

    function test_receiveFlashLoan_revertsWhenLoanNotInitiated() public {
        // Anyone may ask the Vault to lend to the executor; the executor must not run a stranger's route.
        IERC20[] memory tokens = new IERC20[](1);
        tokens[0] = IERC20(weth);
        uint256[] memory amounts = new uint256[](1);
        amounts[0] = 1 ether;
        vm.prank(stranger);
        vm.expectRevert(ArbExecutor.InvalidCallback.selector);
        IBalancerVault(vault).flashLoan(address(exec), tokens, amounts, _balancerRoute());
    }

    // ---------------------------------------------------------------- Uniswap V4

    function test_execute_v2ToV4() public {
        uint256 before = IERC20(weth).balanceOf(address(exec));
        vm.prank(bot);
        uint256 profit = exec.execute(_v4Route(), AMOUNT_IN, 1);
        assertGt(profit, 0);
        assertEq(IERC20(weth).balanceOf(address(exec)), before + profit);
        assertEq(IERC20(address(usdc)).balanceOf(address(exec)), 0, "no USDC left");
    }

    function test_executeFlashV4_isFreeAndEqualsCapital() public {
        uint256 snap = vm.snapshotState();
        vm.prank(bot);
        uint256 capital = exec.execute(_v4Route(), AMOUNT_IN, 1);
        vm.revertToState(snap);
        vm.prank(owner);
        exec.withdraw(weth, owner, 10 ether);
        vm.prank(bot);
        (uint256 flash,) = exec.executeFlashV4(address(manager), _v4Route(), AMOUNT_IN, 1, 0);
        assertEq(flash, capital, "V4 flash accounting charges nothing");
        assertEq(IERC20(weth).balanceOf(address(exec)), flash);
    }

    function test_executeFlashV4_paysTheBuilderItsBid() public {
        address builder = makeAddr("builder");
        vm.coinbase(builder);
        vm.prank(bot);
        (uint256 profit, uint256 payment) = exec.executeFlashV4(address(manager), _v4Route(), AMOUNT_IN, 1, 5000);
        assertGt(payment, 0);
        assertEq(builder.balance, payment, "the builder got its half of the gain in ETH");
        assertApproxEqAbs(profit, payment, 1);
    }

    function test_executeFlashBalancer_revertsWhenBidAbove100Percent() public {
        vm.prank(bot);
        vm.expectRevert(abi.encodeWithSelector(ArbExecutor.BadBid.selector, 10_001));
        exec.executeFlashBalancer(vault, _v4Route(), AMOUNT_IN, 1, 10_001);
    }

    function test_executeFlashV4_throughBalancer() public {
        // Borrow WETH from the PoolManager, trade on V2 and Balancer, repay inside the same unlock.
        vm.prank(owner);
        exec.withdraw(weth, owner, 10 ether);
        vm.prank(bot);
        (uint256 profit,) = exec.executeFlashV4(address(manager), _balancerRoute(), AMOUNT_IN, 1, 0);
        assertGt(profit, 0);
    }

    function test_executeFlashBalancer_throughV4() public {
        vm.prank(owner);
        exec.withdraw(weth, owner, 10 ether);
        vm.prank(bot);
        (uint256 profit,) = exec.executeFlashBalancer(vault, _v4Route(), AMOUNT_IN, 1, 0);
        assertGt(profit, 0);
    }

    function test_unlockCallback_revertsWhenCallerNotManager() public {
        vm.prank(stranger);
        vm.expectRevert(ArbExecutor.InvalidCallback.selector);
        exec.unlockCallback(abi.encode(uint256(2), abi.encode(weth, 1 ether, _v4Route())));
    }

    function test_unlockCallback_revertsWhenManagerNotUnlockedByExecutor() public {
        vm.prank(address(manager));
        vm.expectRevert(ArbExecutor.InvalidCallback.selector);
        exec.unlockCallback(abi.encode(uint256(2), abi.encode(weth, 1 ether, _v4Route())));
    }

    function test_runSelf_revertsWhenCallerNotSelf() public {
        vm.prank(bot);
        vm.expectRevert(ArbExecutor.Unauthorized.selector);
        exec.runSelf(_v4Route(), 1 ether);
    }

    function test_executeFlashV4_revertsWhenNoLender() public {
        vm.prank(bot);
        vm.expectRevert(ArbExecutor.NoLender.selector);
        exec.executeFlashV4(address(0), _v4Route(), AMOUNT_IN, 1, 0);
    }

    function test_execute_revertsWhenV4HopTruncated() public {
        bytes memory route = _v4Route();
        assembly ("memory-safe") {
            mstore(route, sub(mload(route), 1))
        }
        vm.prank(bot);
        vm.expectRevert(ArbExecutor.BadRoute.selector);
        exec.execute(route, AMOUNT_IN, 1);
    }

    function test_execute_revertsWhenHopNamesTwoVenues() public {
        vm.prank(bot);
        vm.expectRevert(ArbExecutor.BadRoute.selector);
        exec.execute(_richThen(4 | 8, weighted, ""), AMOUNT_IN, 1);
    }

    function test_fuzz_executeV4AndBalancer(uint256 amountIn, bool viaV4) public {
        amountIn = bound(amountIn, 0.01 ether, 10 ether);
        bytes memory route = viaV4 ? _v4Route() : _balancerRoute();
        vm.prank(bot);
        try exec.execute(route, amountIn, 1) returns (uint256 profit) {
            assertGt(profit, 0);
        } catch (bytes memory reason) {
            assertEq(bytes4(reason), ArbExecutor.Unprofitable.selector, "only an unprofitable size may revert");
        }
    }

    // ---------------------------------------------------------------- gas

    function test_gas_execute_v2ToBalancer() public {
        vm.prank(bot);
        exec.execute(_balancerRoute(), AMOUNT_IN, 1);
    }

    function test_gas_execute_v2ToV4() public {
        vm.prank(bot);
        exec.execute(_v4Route(), AMOUNT_IN, 1);
    }

    function test_gas_executeFlashBalancer_v2ToV4() public {
        vm.prank(bot);
        exec.executeFlashBalancer(vault, _v4Route(), AMOUNT_IN, 1, 0);
    }

    function test_gas_executeFlashV4_v2ToV4() public {
        vm.prank(bot);
        exec.executeFlashV4(address(manager), _v4Route(), AMOUNT_IN, 1, 0);
    }
}
