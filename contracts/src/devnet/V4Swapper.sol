// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IV4PoolManager, V4PoolKey, V4SwapParams} from "../interfaces/IV4PoolManager.sol";

/// @notice Devnet and scenario helper (v4-core has no router): one exact-input swap on a hookless V4 pool, stopped at
///         a price limit like V3's SwapRouter. The caller pays only the input the pool used (pulled with
///         `transferFrom`, so the caller approves this contract) and `recipient` gets the output. Anyone may call it.
contract V4Swapper {
    using SafeERC20 for IERC20;

    IV4PoolManager internal immutable manager;

    error NotManager();

    constructor(IV4PoolManager manager_) {
        manager = manager_;
    }

    /// @dev One swap as passed through `unlock`.
    struct Swap {
        address payer;
        address recipient;
        V4PoolKey key;
        bool zeroForOne;
        uint256 amountIn;
        uint160 sqrtPriceLimitX96;
    }

    /// @notice Sells up to `amountIn` of the key's currency0 (`zeroForOne`) or currency1, stopping at
    ///         `sqrtPriceLimitX96`; returns what was paid and received.
    function swap(V4PoolKey memory key, bool zeroForOne, uint256 amountIn, uint160 sqrtPriceLimitX96, address recipient)
        external
        returns (uint256 paid, uint256 received)
    {
        bytes memory result =
            manager.unlock(abi.encode(Swap(msg.sender, recipient, key, zeroForOne, amountIn, sqrtPriceLimitX96)));
        return abi.decode(result, (uint256, uint256));
    }

    /// @notice PoolManager callback: swaps, pays the input owed from the payer, takes the output to the recipient.
    function unlockCallback(bytes calldata data) external returns (bytes memory) {
        if (msg.sender != address(manager)) revert NotManager();
        Swap memory s = abi.decode(data, (Swap));
        // forge-lint: disable-next-line(unsafe-typecast) -- a scenario's amounts are far below 2^255
        int256 delta = manager.swap(s.key, V4SwapParams(s.zeroForOne, -int256(s.amountIn), s.sqrtPriceLimitX96), "");
        // BalanceDelta: amount0 in the upper 128 bits, amount1 in the lower; the input side is negative.
        // forge-lint: disable-next-line(unsafe-typecast)
        (int128 input, int128 output) = s.zeroForOne ? (int128(delta >> 128), int128(delta)) : (int128(delta), int128(delta >> 128));
        // forge-lint: disable-next-line(unsafe-typecast)
        uint256 paid = uint256(uint128(-input));
        // forge-lint: disable-next-line(unsafe-typecast)
        uint256 received = uint256(uint128(output));
        if (paid > 0) {
            address tokenIn = s.zeroForOne ? s.key.currency0 : s.key.currency1;
            manager.sync(tokenIn);
            IERC20(tokenIn).safeTransferFrom(s.payer, address(manager), paid);
            manager.settle();
        }
        if (received > 0) manager.take(s.zeroForOne ? s.key.currency1 : s.key.currency0, s.recipient, received);
        return abi.encode(paid, received);
    }
}
