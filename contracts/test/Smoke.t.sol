// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;
import "forge-std/Test.sol";
contract SmokeTest is Test {
    function test_add() public { assertEq(uint256(1 + 1), 2); }
}
