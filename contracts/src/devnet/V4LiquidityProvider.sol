// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IV4PoolManager, V4PoolKey} from "../interfaces/IV4PoolManager.sol";

/// @notice The parts of the real PoolManager liquidity providers need beyond ArbExecutor's interface.
interface IV4PoolManagerAdmin is IV4PoolManager {
    struct ModifyLiquidityParams {
        int24 tickLower;
        int24 tickUpper;
        int256 liquidityDelta;
        bytes32 salt;
    }

    function initialize(V4PoolKey memory key, uint160 sqrtPriceX96) external returns (int24 tick);
    function modifyLiquidity(V4PoolKey memory key, ModifyLiquidityParams memory params, bytes calldata hookData)
        external
        returns (int256 callerDelta, int256 feesAccrued);
}

/// @notice Devnet and test helper (V4 has no router in v4-core): adds liquidity to a V4 pool from inside the
///         PoolManager's unlock callback, paying what it owes from its own balance. Anyone may call `add`.
contract V4LiquidityProvider {
    IV4PoolManagerAdmin internal immutable manager;

    constructor(IV4PoolManagerAdmin manager_) {
        manager = manager_;
    }

    function add(V4PoolKey memory key, int24 tickLower, int24 tickUpper, int256 liquidity) external {
        manager.unlock(abi.encode(key, tickLower, tickUpper, liquidity));
    }

    function unlockCallback(bytes calldata data) external returns (bytes memory) {
        require(msg.sender == address(manager), "not the manager");
        (V4PoolKey memory key, int24 tickLower, int24 tickUpper, int256 liquidity) = abi.decode(data, (V4PoolKey, int24, int24, int256));
        (int256 delta,) = manager.modifyLiquidity(key, IV4PoolManagerAdmin.ModifyLiquidityParams(tickLower, tickUpper, liquidity, 0), "");
        _pay(key.currency0, int128(delta >> 128));
        _pay(key.currency1, int128(delta));
        return "";
    }

    function _pay(address currency, int128 amount) private {
        if (amount >= 0) return;
        manager.sync(currency);
        require(IERC20(currency).transfer(address(manager), uint256(uint128(-amount))), "transfer");
        manager.settle();
    }
}

