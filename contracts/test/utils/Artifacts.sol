// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {Test} from "forge-std/Test.sol";

/// @notice Deploys contracts from npm build artifacts (Hardhat `bytecode` or solc `evm.bytecode.object`),
///         linking library placeholders `__$<keccak256(fqn)[0:17]>$__` by hand.
abstract contract Artifacts is Test {
    /// @dev Creation bytecode of an artifact as a hex string without `0x` (may still hold link placeholders).
    function artifactHex(string memory path) internal view returns (string memory code) {
        string memory json = vm.readFile(path);
        code = vm.keyExistsJson(json, ".evm.bytecode.object")
            ? vm.parseJsonString(json, ".evm.bytecode.object")
            : vm.parseJsonString(json, ".bytecode");
        code = vm.replace(code, "0x", "");
        require(bytes(code).length > 0, string.concat("empty bytecode: ", path));
    }

    /// @dev Replaces every placeholder of library `fqn` ("path/File.sol:Name") with `lib`.
    function link(string memory code, string memory fqn, address lib) internal pure returns (string memory) {
        string memory hash = vm.toString(keccak256(bytes(fqn)));
        bytes memory placeholder = new bytes(34);
        for (uint256 i; i < 34; ++i) {
            placeholder[i] = bytes(hash)[i + 2];
        }
        string memory addr = vm.replace(vm.toString(lib), "0x", "");
        return vm.replace(code, string.concat("__$", string(placeholder), "$__"), addr);
    }

    function deployHex(string memory code, bytes memory args) internal returns (address) {
        return deployBytes(abi.encodePacked(vm.parseBytes(code), args));
    }

    function deployArtifact(string memory path, bytes memory args) internal returns (address) {
        return deployHex(artifactHex(path), args);
    }

    function deployBytes(bytes memory initCode) internal returns (address addr) {
        assembly ("memory-safe") {
            addr := create(0, add(initCode, 0x20), mload(initCode))
        }
        require(addr != address(0) && addr.code.length > 0, "artifact deployment failed");
    }
}
