// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IUniswapV2Pair} from "@uniswap/v2-core/contracts/interfaces/IUniswapV2Pair.sol";
import {IUniswapV3PoolState} from "@uniswap/v3-core/contracts/interfaces/pool/IUniswapV3PoolState.sol";

/// @title PoolStateLens
/// @notice Deployless lens: never deployed. An `eth_call` with no `to` whose data is this creation code followed by
///         `abi.encode(v2Pairs, v3Pools)` runs the constructor, which reads every pool and returns the result with
///         assembly `return`, so the call's output is the data (at any block, on any node, without state overrides).
///
/// @dev OUTPUT (raw 32-byte big-endian words, no ABI head; the TypeScript decoder is written against exactly this):
///
///        for each v2Pairs[i]:  reserve0, reserve1                         (getReserves, uint112 each)
///        for each v3Pools[j]:  sqrtPriceX96, tick, liquidity              (slot0 and liquidity)
///
///      `tick` is the int24 sign-extended to 256 bits (two's complement). The output is the created contract's
///      "runtime code", so it is capped at 24,576 bytes (EIP-170: 768 words) and costs 200 gas per byte; callers
///      split long pool lists over several calls. An address without code reverts with `NoCode(pool)`; a call that
///      reverts or returns too little reverts with `CallFailed(pool, selector)`.
contract PoolStateLens {
    /// @notice `pool` has no code at this block (not deployed yet, or a wrong address).
    error NoCode(address pool);
    /// @notice `pool` reverted or returned too few bytes for the getter `selector`.
    error CallFailed(address pool, bytes4 selector);

    constructor(address[] memory v2Pairs, address[] memory v3Pools) {
        uint256[] memory out = new uint256[](2 * v2Pairs.length + 3 * v3Pools.length);
        uint256 k;
        for (uint256 i; i < v2Pairs.length; ++i) {
            bytes memory ret = _read(v2Pairs[i], IUniswapV2Pair.getReserves.selector, 64);
            (uint112 reserve0, uint112 reserve1) = abi.decode(ret, (uint112, uint112));
            out[k++] = reserve0;
            out[k++] = reserve1;
        }
        for (uint256 j; j < v3Pools.length; ++j) {
            bytes memory slot0 = _read(v3Pools[j], IUniswapV3PoolState.slot0.selector, 64);
            (uint160 sqrtPriceX96, int24 tick) = abi.decode(slot0, (uint160, int24));
            bytes memory liquidity = _read(v3Pools[j], IUniswapV3PoolState.liquidity.selector, 32);
            out[k++] = sqrtPriceX96;
            // Sign-extended two's complement, as documented; the decoder reads it back as int24.
            // forge-lint: disable-next-line(unsafe-typecast)
            out[k++] = uint256(int256(tick));
            out[k++] = abi.decode(liquidity, (uint128));
        }
        assembly ("memory-safe") {
            return(add(out, 0x20), mul(mload(out), 0x20))
        }
    }

    /// @dev Staticcalls the no-argument getter `selector` on `pool` and checks it answered at least `minBytes`.
    function _read(address pool, bytes4 selector, uint256 minBytes) private view returns (bytes memory ret) {
        if (pool.code.length == 0) revert NoCode(pool);
        bool ok;
        (ok, ret) = pool.staticcall(abi.encodeWithSelector(selector));
        if (!ok || ret.length < minBytes) revert CallFailed(pool, selector);
    }
}
