// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

/// @title StaticCallLens
/// @notice Deployless lens (like PoolStateLens): an `eth_call` with no `to` whose data is this creation code followed
///         by `abi.encode(targets, calls, maxReturn, gasPerCall)` staticcalls `targets[i]` with `calls[i]` and returns
///         every outcome, including failures, so one bad token or pool cannot fail a whole batch of reads.
///
/// @dev OUTPUT (raw 32-byte words, no ABI head; engine/universe/staticCalls.ts decodes exactly this):
///
///        for each call i:  header = ok (bit 255) | length (low 64 bits, <= maxReturn)
///                          then ceil(length / 32) words of return data, zero-padded on the right
///
///      Return data longer than `maxReturn` is cut to `maxReturn` bytes (and `ok` kept), so a hostile contract cannot
///      blow the 24,576-byte output cap (EIP-170); callers size batches so n * (1 + ceil(maxReturn / 32)) <= 768
///      words. An address without code answers ok = false, length 0. Each call gets at most `gasPerCall` gas.
contract StaticCallLens {
    constructor(address[] memory targets, bytes[] memory calls, uint256 maxReturn, uint256 gasPerCall) {
        uint256 n = targets.length;
        bytes[] memory results = new bytes[](n);
        bool[] memory oks = new bool[](n);
        for (uint256 i; i < n; ++i) {
            if (targets[i].code.length == 0) continue;
            (bool ok, bytes memory ret) = targets[i].staticcall{gas: gasPerCall}(calls[i]);
            if (ret.length > maxReturn) {
                assembly ("memory-safe") {
                    mstore(ret, maxReturn)
                }
            }
            oks[i] = ok;
            results[i] = ret;
        }
        bytes memory out = new bytes(32 * _countWords(results));
        uint256 p;
        assembly ("memory-safe") {
            p := add(out, 0x20)
        }
        for (uint256 i; i < n; ++i) {
            bytes memory ret = results[i];
            uint256 len = ret.length;
            uint256 header = (oks[i] ? uint256(1) << 255 : 0) | len;
            assembly ("memory-safe") {
                mstore(p, header)
                p := add(p, 0x20)
                // Copy whole words; the word after the data may hold garbage, so the last word is masked.
                for { let j := 0 } lt(j, len) { j := add(j, 0x20) } {
                    let w := mload(add(add(ret, 0x20), j))
                    let left := sub(len, j)
                    if lt(left, 0x20) { w := and(w, not(sub(shl(mul(sub(0x20, left), 8), 1), 1))) }
                    mstore(p, w)
                    p := add(p, 0x20)
                }
            }
        }
        assembly ("memory-safe") {
            return(add(out, 0x20), mload(out))
        }
    }

    function _countWords(bytes[] memory results) private pure returns (uint256 words) {
        for (uint256 i; i < results.length; ++i) {
            words += 1 + (results[i].length + 31) / 32;
        }
    }
}
