// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

/// @notice Uniswap V4's PoolKey (v4-core src/types/PoolKey.sol), with Currency and IHooks as plain addresses (same ABI).
struct V4PoolKey {
    address currency0;
    address currency1;
    uint24 fee;
    int24 tickSpacing;
    address hooks;
}

/// @notice v4-core's SwapParams (src/types/PoolOperation.sol). `amountSpecified` < 0 is an exact-input swap.
struct V4SwapParams {
    bool zeroForOne;
    int256 amountSpecified;
    uint160 sqrtPriceLimitX96;
}

/// @notice The parts of Uniswap V4's PoolManager (v4-core src/interfaces/IPoolManager.sol) ArbExecutor calls, with
///         the same ABI. `swap` returns a BalanceDelta: amount0 in the upper 128 bits, amount1 in the lower, both
///         int128, positive when owed to the caller.
interface IV4PoolManager {
    function unlock(bytes calldata data) external returns (bytes memory);
    function swap(V4PoolKey memory key, V4SwapParams memory params, bytes calldata hookData) external returns (int256);
    function sync(address currency) external;
    function settle() external payable returns (uint256);
    function take(address currency, address to, uint256 amount) external;
}
