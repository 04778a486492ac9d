// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {ArbFixture} from "./utils/ArbFixture.sol";

/// @notice Gas of one trade per path, for `forge snapshot` (.gas-snapshot) and the logged `call gas` figure.
///         Each test is a fresh transaction after setUp, so pools, tokens and slots start cold as on chain.
///         The logged figure is the execute/executeFlash call alone (no 21,000 intrinsic, no calldata cost).
contract ArbExecutorGasTest is ArbFixture {
    uint256 internal constant AMOUNT_IN = 2 ether;

    function setUp() public override {
        super.setUp();
        fund(weth, address(exec), 10 ether);
    }

    function _trade(Hop[] memory hops, bool flash) internal {
        bytes memory route = _encode(hops);
        vm.prank(bot);
        uint256 profit = flash ? exec.executeFlash(route, AMOUNT_IN, 1) : exec.execute(route, AMOUNT_IN, 1);
        uint256 gasUsed = vm.lastCallGas().gasTotalUsed;
        assertGt(profit, 0);
        emit log_named_uint("call gas", gasUsed);
    }

    function test_gas_execute_v2ToV2() public {
        _trade(_routeV2ToV2(), false);
    }

    function test_gas_execute_v2ToV3() public {
        _trade(_routeV2ToV3(), false);
    }

    function test_gas_execute_v3ToV2() public {
        _trade(_routeV3ToV2(), false);
    }

    function test_gas_execute_v3ToV3() public {
        _trade(_routeV3ToV3(), false);
    }

    function test_gas_execute_triangular() public {
        _trade(_routeTriangle(), false);
    }

    function test_gas_executeFlash_v2ToV2() public {
        _trade(_routeV2ToV2(), true);
    }

    function test_gas_executeFlash_v2ToV3() public {
        _trade(_routeV2ToV3(), true);
    }

    function test_gas_executeFlash_v3ToV2() public {
        _trade(_routeV3ToV2(), true);
    }

    function test_gas_executeFlash_v3ToV3() public {
        _trade(_routeV3ToV3(), true);
    }

    function test_gas_executeFlash_triangular() public {
        _trade(_routeTriangle(), true);
    }

    /// @dev The builder payment's cost: unwrapping WETH and sending ETH to the coinbase.
    function test_gas_executeFlash_v3ToV3_withBid() public {
        vm.coinbase(makeAddr("builder"));
        vm.prank(bot);
        (uint256 profit, uint256 payment) = exec.executeFlash(_encode(_routeV3ToV3()), AMOUNT_IN, 1, 5_000);
        assertGt(payment, 0);
        assertGt(profit, 0);
        emit log_named_uint("call gas", vm.lastCallGas().gasTotalUsed);
    }
}
