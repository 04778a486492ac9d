// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {TransientSlot} from "@openzeppelin/contracts/utils/TransientSlot.sol";
import {IUniswapV2Pair} from "@uniswap/v2-core/contracts/interfaces/IUniswapV2Pair.sol";
import {IUniswapV3PoolActions} from "@uniswap/v3-core/contracts/interfaces/pool/IUniswapV3PoolActions.sol";
import {IUniswapV3SwapCallback} from "@uniswap/v3-core/contracts/interfaces/callback/IUniswapV3SwapCallback.sol";
import {IPool} from "@aave/core-v3/contracts/interfaces/IPool.sol";

/// @dev The one WETH9 function the builder payment needs.
interface IWETHWithdraw {
    function withdraw(uint256 wad) external;
}

/// @title ArbExecutor
/// @notice Executes a cyclic route of swaps across Uniswap V2-style pairs and Uniswap V3 pools, either with its own
///         balance (`execute`) or with an Aave V3 simple flash loan (`executeFlash`), and reverts unless its balance of
///         the start token grows by at least `minProfit` after every cost it pays (the flash premium included).
///         The returned `profit` is the net gain in start-token base units, so an `eth_call` is the simulation.
///         The four-argument overloads also pay the block builder: `bidBps` basis points of the realized gain go to
///         `block.coinbase` in ETH (the start token must then be WETH9, unwrapped), only out of profit: the call
///         reverts unless the gain covers the payment plus `minProfit`.
///
/// @dev ROUTE ENCODING (packed bytes, fixed; the TypeScript encoder is written against exactly this):
///
///        route = startToken (20 bytes) ++ hop_1 ++ ... ++ hop_n            n >= 1, length == 20 + 43 * n
///        hop   = flags (1 byte) ++ pool (20 bytes) ++ tokenOut (20 bytes) ++ v2FeeBps (uint16 big-endian, 2 bytes)
///
///      flags bit0 = 1 for a Uniswap V3 pool, 0 for a V2 pair; flags bit1 = zeroForOne (the hop sells token0 for
///      token1). v2FeeBps is the V2 pair's fee in basis points (30 = 0.30%, must be < 10000) and is ignored for V3.
///      Hop 1 sells startToken; hop k sells hop k-1's tokenOut; the last tokenOut must equal startToken.
///      A malformed route reverts with `BadRoute()`.
///
///      V2 hop output = amountIn * (10000 - fee) * reserveOut / (reserveIn * 10000 + amountIn * (10000 - fee)) from
///      `pair.getReserves()` (UniswapV2Library.getAmountOut when fee = 30); the pair is paid by transfer before
///      `pair.swap`. A hop whose next hop is a V2 pair sends its output straight to that pair (no extra transfer).
///      V3 hops are exact-input swaps (`amountSpecified = +amountIn`, price limit MIN_SQRT_RATIO + 1 or
///      MAX_SQRT_RATIO - 1) paid in `uniswapV3SwapCallback`; a V3 swap that does not consume the whole input reverts
///      with `PartialFill`.
///
///      Example (WETH -> USDC on a V2 pair where WETH is token0, USDC -> WETH on a V3 pool where USDC is token1):
///        abi.encodePacked(WETH, uint8(2), pairV2, USDC, uint16(30), uint8(1), poolV3, WETH, uint16(0))
contract ArbExecutor is Ownable, ReentrancyGuardTransient, IUniswapV3SwapCallback {
    using SafeERC20 for IERC20;
    using TransientSlot for bytes32;
    using TransientSlot for TransientSlot.AddressSlot;

    /// @notice The balance of the start token did not grow by `minProfit` (balances are in start-token base units;
    ///         in flash mode `balanceAfter` is the balance left once the loan and premium are repaid).
    error Unprofitable(uint256 balanceBefore, uint256 balanceAfter, uint256 minProfit);
    /// @notice Caller is neither the owner nor an allowed executor.
    error Unauthorized();
    /// @notice A swap or flash-loan callback came from an address that is not the counterparty being waited on.
    error InvalidCallback();
    /// @notice `executeOperation` was called for a flash loan this contract did not initiate.
    error InvalidInitiator();
    /// @notice The route is malformed (length, fee, cycle, or flash asset mismatch).
    error BadRoute();
    /// @notice `amountIn` is zero.
    error ZeroAmount();
    /// @notice `executeFlash` was called on a deployment without an Aave Pool.
    error FlashUnavailable();
    /// @notice A V3 pool consumed less than the full input (its liquidity ran out before the price limit).
    error PartialFill(address pool, uint256 amountIn, uint256 amountUsed);
    /// @notice `bidBps` is above 10000 (100% of the profit).
    error BadBid(uint256 bidBps);
    /// @notice The builder payment could not be sent to `block.coinbase`.
    error PaymentFailed(address coinbase, uint256 amount);

    /// @notice One profitable route was executed.
    event Arbitrage(address indexed token, uint256 amountIn, uint256 profit, bool flash);
    /// @notice `amount` wei of the route's profit was paid to the block's builder (`coinbase`).
    event BuilderPaid(address indexed coinbase, uint256 amount);
    /// @notice `executor` was allowed (`allowed = true`) or disallowed to trigger trades.
    event ExecutorSet(address indexed executor, bool allowed);

    /// @notice The Aave V3 Pool used for flash loans; zero on chains without Aave.
    address public immutable aavePool;

    /// @notice Addresses besides the owner that may call `execute` and `executeFlash`.
    mapping(address => bool) public executors;

    // keccak256(abi.encode(uint256(keccak256("alphapulse.ArbExecutor.expectedPool")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant EXPECTED_POOL_SLOT = 0xe1382d02b3f5680119fda6b51631ee5022033665795d31fc3b289e0fc912c400;

    uint256 private constant HOP_LENGTH = 43;
    uint256 private constant BPS = 10_000;
    uint160 private constant MIN_SQRT_RATIO_PLUS_ONE = 4295128740;
    uint160 private constant MAX_SQRT_RATIO_MINUS_ONE = 1461446703485210103287273052203988822378723970341;

    /// @param owner_ Receives ownership (may withdraw and set executors).
    /// @param aavePool_ The Aave V3 Pool (the PoolAddressesProvider's `getPool()`), or zero on chains without Aave.
    constructor(address owner_, address aavePool_) Ownable(owner_) {
        aavePool = aavePool_;
    }

    receive() external payable {}

    modifier onlyExecutor() {
        if (!executors[msg.sender] && msg.sender != owner()) revert Unauthorized();
        _;
    }

    /// @notice Runs `route` with `amountIn` of the start token from this contract's own balance.
    /// @return profit Net gain of the start-token balance; reverts with `Unprofitable` if below `minProfit`.
    function execute(bytes calldata route, uint256 amountIn, uint256 minProfit)
        external
        nonReentrant
        onlyExecutor
        returns (uint256 profit)
    {
        (profit,) = _execute(route, amountIn, minProfit, 0);
    }

    /// @notice `execute`, paying `bidBps` of the gain to `block.coinbase` (start token WETH9, paid as ETH).
    /// @return profit What stays: gain minus payment, at least `minProfit` or the call reverts (`Unprofitable`).
    /// @return payment Wei paid to the builder.
    function execute(bytes calldata route, uint256 amountIn, uint256 minProfit, uint256 bidBps)
        external
        nonReentrant
        onlyExecutor
        returns (uint256 profit, uint256 payment)
    {
        return _execute(route, amountIn, minProfit, bidBps);
    }

    /// @notice Borrows `amountIn` of the start token with Aave V3 `flashLoanSimple`, runs `route`, and repays the
    ///         loan plus premium.
    /// @return profit Net gain of the start-token balance after repaying amount + premium.
    function executeFlash(bytes calldata route, uint256 amountIn, uint256 minProfit)
        external
        nonReentrant
        onlyExecutor
        returns (uint256 profit)
    {
        (profit,) = _executeFlash(route, amountIn, minProfit, 0);
    }

    /// @notice `executeFlash`, paying `bidBps` of the gain (after the premium) to `block.coinbase` as ETH.
    /// @return profit What stays: gain minus payment, at least `minProfit` or the call reverts (`Unprofitable`).
    /// @return payment Wei paid to the builder.
    function executeFlash(bytes calldata route, uint256 amountIn, uint256 minProfit, uint256 bidBps)
        external
        nonReentrant
        onlyExecutor
        returns (uint256 profit, uint256 payment)
    {
        return _executeFlash(route, amountIn, minProfit, bidBps);
    }

    function _execute(bytes calldata route, uint256 amountIn, uint256 minProfit, uint256 bidBps)
        private
        returns (uint256 profit, uint256 payment)
    {
        if (bidBps > BPS) revert BadBid(bidBps);
        address token = _checkRoute(route, amountIn);
        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        _run(route, amountIn);
        (profit, payment) = _settle(token, balanceBefore, minProfit, bidBps);
        emit Arbitrage(token, amountIn, profit, false);
    }

    function _executeFlash(bytes calldata route, uint256 amountIn, uint256 minProfit, uint256 bidBps)
        private
        returns (uint256 profit, uint256 payment)
    {
        if (bidBps > BPS) revert BadBid(bidBps);
        (address token, uint256 balanceBefore) = _borrowAndRun(route, amountIn, minProfit);
        (profit, payment) = _settle(token, balanceBefore, minProfit, bidBps);
        emit Arbitrage(token, amountIn, profit, true);
    }

    /// @dev Takes the Aave flash loan whose callback runs the route and repays it; returns what `_settle` needs.
    function _borrowAndRun(bytes calldata route, uint256 amountIn, uint256 minProfit)
        private
        returns (address token, uint256 balanceBefore)
    {
        address pool = aavePool;
        if (pool == address(0)) revert FlashUnavailable();
        token = _checkRoute(route, amountIn);
        balanceBefore = IERC20(token).balanceOf(address(this));
        IPool(pool).flashLoanSimple(address(this), token, amountIn, abi.encodePacked(balanceBefore, minProfit, route), 0);
    }

    /// @notice Aave V3 flash-loan callback. Accepts only the Aave Pool, only for a loan this contract initiated
    ///         from `executeFlash`. `params` = balanceBefore (32) ++ minProfit (32) ++ route.
    function executeOperation(address asset, uint256 amount, uint256 premium, address initiator, bytes calldata params)
        external
        returns (bool)
    {
        if (msg.sender != aavePool) revert InvalidCallback();
        // Only executeFlash (which holds the reentrancy lock) starts loans with this contract as initiator.
        if (initiator != address(this)) revert InvalidInitiator();
        bytes calldata route = params[64:];
        if (_startToken(route) != asset) revert BadRoute();

        _run(route, amount);

        uint256 balanceBefore = uint256(bytes32(params[0:32]));
        uint256 minProfit = uint256(bytes32(params[32:64]));
        uint256 owed = amount + premium;
        uint256 balance = IERC20(asset).balanceOf(address(this));
        if (balance < balanceBefore + owed + minProfit) {
            revert Unprofitable(balanceBefore, balance > owed ? balance - owed : 0, minProfit);
        }
        IERC20(asset).forceApprove(msg.sender, owed);
        return true;
    }

    /// @notice Uniswap V3 swap callback. Accepts only the pool this contract is swapping on right now, once.
    function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes calldata data) external override {
        TransientSlot.AddressSlot slot = EXPECTED_POOL_SLOT.asAddress();
        if (msg.sender != slot.tload()) revert InvalidCallback();
        slot.tstore(address(0));
        // An exact-input swap owes exactly one positive delta: the input side.
        // forge-lint: disable-next-line(unsafe-typecast)
        uint256 owed = amount0Delta > 0 ? uint256(amount0Delta) : uint256(amount1Delta);
        IERC20(address(bytes20(data[0:20]))).safeTransfer(msg.sender, owed);
    }

    /// @notice Allows or disallows `executor` to call `execute` and `executeFlash`.
    function setExecutor(address executor, bool allowed) external onlyOwner {
        executors[executor] = allowed;
        emit ExecutorSet(executor, allowed);
    }

    /// @notice Sends `amount` of `token` held by this contract to `to`.
    function withdraw(address token, address to, uint256 amount) external onlyOwner {
        IERC20(token).safeTransfer(to, amount);
    }

    /// @notice Sends `amount` wei held by this contract to `to`.
    function withdrawETH(address payable to, uint256 amount) external onlyOwner {
        Address.sendValue(to, amount);
    }

    /// @dev Validates the route's shape and cycle; returns the start token.
    function _checkRoute(bytes calldata route, uint256 amountIn) private pure returns (address token) {
        if (amountIn == 0) revert ZeroAmount();
        uint256 len = route.length;
        if (len < 20 + HOP_LENGTH || (len - 20) % HOP_LENGTH != 0) revert BadRoute();
        token = _startToken(route);
        (,, address lastOut,) = _hop(route, (len - 20) / HOP_LENGTH - 1);
        if (lastOut != token) revert BadRoute();
    }

    /// @dev Checks the gain and pays the builder its share out of it: what stays (`profit`) is at least `minProfit`.
    function _settle(address token, uint256 balanceBefore, uint256 minProfit, uint256 bidBps)
        private
        returns (uint256 profit, uint256 payment)
    {
        uint256 balanceAfter = IERC20(token).balanceOf(address(this));
        if (balanceAfter < balanceBefore + minProfit) revert Unprofitable(balanceBefore, balanceAfter, minProfit);
        uint256 gain = balanceAfter - balanceBefore;
        payment = (gain * bidBps) / BPS;
        profit = gain - payment;
        if (profit < minProfit) revert Unprofitable(balanceBefore, balanceAfter - payment, minProfit);
        if (payment > 0) {
            IWETHWithdraw(token).withdraw(payment);
            (bool ok,) = block.coinbase.call{value: payment}("");
            if (!ok) revert PaymentFailed(block.coinbase, payment);
            emit BuilderPaid(block.coinbase, payment);
        }
    }

    /// @dev Swaps along a route already checked by `_checkRoute`.
    function _run(bytes calldata route, uint256 amount) private {
        uint256 n = (route.length - 20) / HOP_LENGTH;
        address tokenIn = _startToken(route);
        for (uint256 i; i < n; ++i) {
            (uint256 flags, address pool, address tokenOut, uint256 fee) = _hop(route, i);
            if (i == 0 && flags & 1 == 0) IERC20(tokenIn).safeTransfer(pool, amount);
            address recipient = address(this);
            if (i + 1 < n) {
                (uint256 nextFlags, address nextPool,,) = _hop(route, i + 1);
                // A V2 pair is paid before its swap, so the previous hop pays it directly.
                if (nextFlags & 1 == 0) recipient = nextPool;
            }
            amount = flags & 1 == 1
                ? _swapV3(pool, flags & 2 == 2, tokenIn, amount, recipient)
                : _swapV2(pool, flags & 2 == 2, amount, fee, recipient);
            tokenIn = tokenOut;
        }
    }

    /// @dev The pair already holds `amountIn` of the input token.
    function _swapV2(address pair, bool zeroForOne, uint256 amountIn, uint256 fee, address recipient)
        private
        returns (uint256 amountOut)
    {
        if (fee >= 10000) revert BadRoute();
        (uint256 reserve0, uint256 reserve1,) = IUniswapV2Pair(pair).getReserves();
        (uint256 reserveIn, uint256 reserveOut) = zeroForOne ? (reserve0, reserve1) : (reserve1, reserve0);
        uint256 amountInWithFee = amountIn * (10000 - fee);
        amountOut = (amountInWithFee * reserveOut) / (reserveIn * 10000 + amountInWithFee);
        if (zeroForOne) IUniswapV2Pair(pair).swap(0, amountOut, recipient, "");
        else IUniswapV2Pair(pair).swap(amountOut, 0, recipient, "");
    }

    function _swapV3(address pool, bool zeroForOne, address tokenIn, uint256 amountIn, address recipient)
        private
        returns (uint256 amountOut)
    {
        if (amountIn > uint256(type(int256).max)) revert BadRoute();
        EXPECTED_POOL_SLOT.asAddress().tstore(pool);
        (int256 amount0, int256 amount1) = IUniswapV3PoolActions(pool).swap(
            recipient,
            zeroForOne,
            // forge-lint: disable-next-line(unsafe-typecast) -- bounded by the check above
            int256(amountIn),
            zeroForOne ? MIN_SQRT_RATIO_PLUS_ONE : MAX_SQRT_RATIO_MINUS_ONE,
            abi.encodePacked(tokenIn)
        );
        (int256 paid, int256 received) = zeroForOne ? (amount0, amount1) : (amount1, amount0);
        // The pool returns paid > 0 (input) and received <= 0 (output) for an exact-input swap.
        // forge-lint: disable-next-line(unsafe-typecast)
        if (uint256(paid) != amountIn) revert PartialFill(pool, amountIn, uint256(paid));
        // forge-lint: disable-next-line(unsafe-typecast)
        amountOut = uint256(-received);
    }

    function _startToken(bytes calldata route) private pure returns (address token) {
        assembly ("memory-safe") {
            token := shr(96, calldataload(route.offset))
        }
    }

    /// @dev Reads hop `i` (0-based). Bounds are guaranteed by `_checkRoute`.
    function _hop(bytes calldata route, uint256 i)
        private
        pure
        returns (uint256 flags, address pool, address tokenOut, uint256 fee)
    {
        assembly ("memory-safe") {
            let p := add(route.offset, add(20, mul(HOP_LENGTH, i)))
            let w := calldataload(p)
            flags := byte(0, w)
            pool := and(shr(88, w), 0xffffffffffffffffffffffffffffffffffffffff)
            let w2 := calldataload(add(p, 21))
            tokenOut := shr(96, w2)
            fee := and(shr(80, w2), 0xffff)
        }
    }
}
