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
import {IBalancerPool, IBalancerVault} from "./interfaces/IBalancerV2.sol";
import {IV4PoolManager, V4PoolKey, V4SwapParams} from "./interfaces/IV4PoolManager.sol";

/// @dev The one WETH9 function the builder payment needs.
interface IWETHWithdraw {
    function withdraw(uint256 wad) external;
}

/// @title ArbExecutor
/// @notice Executes a cyclic route of swaps across Uniswap V2-style pairs, Uniswap V3 pools, Balancer V2 pools and
///         hookless Uniswap V4 pools, either with its own balance (`execute`) or with a flash loan of the start token
///         from Aave V3 (`executeFlash`), Balancer V2's Vault (`executeFlashBalancer`) or V4's PoolManager flash
///         accounting (`executeFlashV4`), and reverts unless its balance of the start token grows by at least
///         `minProfit` after every cost it pays (the flash fee included).
///         The returned `profit` is the net gain in start-token base units, so an `eth_call` is the simulation.
///         The four-argument overloads also pay the block builder: `bidBps` basis points of the realized gain go to
///         `block.coinbase` in ETH (the start token must then be WETH9, unwrapped), only out of profit: the call
///         reverts unless the gain covers the payment plus `minProfit`.
///
/// @dev ROUTE ENCODING (packed bytes; the TypeScript encoder, engine/executors/encodeRoute.ts, is written against exactly this):
///
///        route = startToken (20 bytes) ++ hop_1 ++ ... ++ hop_n                                   n >= 1
///        hop   = flags (1 byte) ++ pool (20 bytes) ++ tokenOut (20 bytes) ++ v2FeeBps (uint16 big-endian, 2 bytes)
///                ++ v4Fee (uint24, 3 bytes) ++ v4TickSpacing (int24, 3 bytes)      the last two for V4 hops only
///
///      A hop is 43 bytes, or 49 for a V4 hop. flags bit1 = zeroForOne (the hop sells token0 for token1); the venue
///      is bit0 = Uniswap V3 pool, bit2 = Balancer V2 pool, bit3 = Uniswap V4 pool, none = V2 pair (at most one set).
///      bit4 = from balance, V2 hops only: the pair's input is what it holds beyond its reserve, for a fee-on-transfer
///      token that arrives short (UniswapV2Router02's supportingFeeOnTransferTokens swaps).
///      v2FeeBps is the V2 pair's fee in basis points (30 = 0.30%, must be < 10000) and is ignored by other venues.
///      Hop 1 sells startToken; hop k sells hop k-1's tokenOut; the last tokenOut must equal startToken.
///      A malformed route reverts with `BadRoute()`.
///
///      V2 hop output = amountIn * (10000 - fee) * reserveOut / (reserveIn * 10000 + amountIn * (10000 - fee)) from
///      `pair.getReserves()` (UniswapV2Library.getAmountOut when fee = 30); the pair is paid by transfer before
///      `pair.swap`. A hop whose next hop is a V2 pair sends its output straight to that pair (no extra transfer). A
///      from-balance V2 hop takes amountIn = the pair's balance of the input token − its reserve (what arrived, after
///      any transfer tax), not the previous hop's output.
///      V3 hops are exact-input swaps (`amountSpecified = +amountIn`, price limit MIN_SQRT_RATIO + 1 or
///      MAX_SQRT_RATIO - 1) paid in `uniswapV3SwapCallback`; a V3 swap that does not consume the whole input reverts
///      with `PartialFill`.
///      Balancer hops: `pool` is the pool contract, asked for its id and Vault; the Vault pulls the input (approved for
///      the hop) and pays the output to the recipient (`swap`, GIVEN_IN).
///      V4 hops: `pool` is the PoolManager; the pool key is (tokenIn, tokenOut sorted, v4Fee, v4TickSpacing, no hooks).
///      The exact-input swap runs in the PoolManager's `unlock` callback (directly when already inside the unlock of
///      `executeFlashV4`); the input is paid with sync/transfer/settle and the output taken to the recipient. A V4
///      swap that does not consume the whole input reverts with `PartialFill`.
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

    /// @notice `executeFlashBalancer` / `executeFlashV4` was given the zero address as lender.
    error NoLender();

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

    // keccak256(abi.encode(uint256(keccak256("alphapulse.ArbExecutor.flashLender")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant FLASH_LENDER_SLOT = 0x7bdfcb4cb3f275069c7628e442f874dd6149c75671c65600997570e860c8c600;
    // keccak256(abi.encode(uint256(keccak256("alphapulse.ArbExecutor.expectedPoolManager")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant EXPECTED_MANAGER_SLOT = 0x0b9b17d9595381f3a9b5eacdaa369087ac64ebb5379e4305e57e8cb945254000;
    // keccak256(abi.encode(uint256(keccak256("alphapulse.ArbExecutor.unlockedPoolManager")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant UNLOCKED_MANAGER_SLOT = 0x595b5e23f5e2952964173e5ddda7bc91052ddd35f61e98107d9ad6b462c9a300;

    uint256 private constant HOP_LENGTH = 43;
    uint256 private constant BPS = 10_000;
    uint256 private constant V4_HOP_LENGTH = 49;
    uint256 private constant FLAG_V3 = 1;
    uint256 private constant FLAG_ZERO_FOR_ONE = 2;
    uint256 private constant FLAG_BALANCER = 4;
    uint256 private constant FLAG_V4 = 8;
    uint256 private constant FLAG_FROM_BALANCE = 16;
    uint256 private constant VENUE_MASK = FLAG_V3 | FLAG_BALANCER | FLAG_V4;
    uint256 private constant UNLOCK_SWAP = 1;
    uint256 private constant UNLOCK_FLASH = 2;
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

    /// @notice Borrows `amountIn` of the start token from Balancer V2's `vault` (`flashLoan`, fee from its
    ///         ProtocolFeesCollector), runs `route`, repays the loan plus fee, and pays `bidBps` of the gain to
    ///         `block.coinbase` as ETH (0: none; else the start token must be WETH9), as `executeFlash` does.
    /// @return profit What stays: gain minus payment, at least `minProfit` or the call reverts (`Unprofitable`).
    /// @return payment Wei paid to the builder.
    function executeFlashBalancer(address vault, bytes calldata route, uint256 amountIn, uint256 minProfit, uint256 bidBps)
        external
        nonReentrant
        onlyExecutor
        returns (uint256 profit, uint256 payment)
    {
        if (bidBps > BPS) revert BadBid(bidBps);
        if (vault == address(0)) revert NoLender();
        address token = _checkRoute(route, amountIn);
        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        IERC20[] memory tokens = new IERC20[](1);
        tokens[0] = IERC20(token);
        uint256[] memory amounts = new uint256[](1);
        amounts[0] = amountIn;
        FLASH_LENDER_SLOT.asAddress().tstore(vault);
        IBalancerVault(vault).flashLoan(address(this), tokens, amounts, route);
        (profit, payment) = _settle(token, balanceBefore, minProfit, bidBps);
        emit Arbitrage(token, amountIn, profit, true);
    }

    /// @notice Balancer V2 flash-loan callback. Accepts only the Vault this contract is borrowing from right now, once
    ///         (anyone can name this contract as a Vault flash-loan recipient). `userData` is the route.
    function receiveFlashLoan(
        IERC20[] calldata tokens,
        uint256[] calldata amounts,
        uint256[] calldata feeAmounts,
        bytes calldata userData
    ) external {
        TransientSlot.AddressSlot slot = FLASH_LENDER_SLOT.asAddress();
        if (msg.sender != slot.tload()) revert InvalidCallback();
        slot.tstore(address(0));
        if (tokens.length != 1 || _startToken(userData) != address(tokens[0])) revert BadRoute();
        _run(userData, amounts[0]);
        tokens[0].safeTransfer(msg.sender, amounts[0] + feeAmounts[0]);
    }

    /// @notice Borrows `amountIn` of the start token from Uniswap V4's `poolManager` through its flash accounting
    ///         (`unlock`, `take`, then `sync`/`settle` of the same amount: no fee), running `route` inside the unlock,
    ///         and pays `bidBps` of the gain to `block.coinbase` as `executeFlash` does.
    /// @return profit What stays: gain minus payment, at least `minProfit` or the call reverts (`Unprofitable`).
    /// @return payment Wei paid to the builder.
    function executeFlashV4(address poolManager, bytes calldata route, uint256 amountIn, uint256 minProfit, uint256 bidBps)
        external
        nonReentrant
        onlyExecutor
        returns (uint256 profit, uint256 payment)
    {
        if (bidBps > BPS) revert BadBid(bidBps);
        if (poolManager == address(0)) revert NoLender();
        address token = _checkRoute(route, amountIn);
        uint256 balanceBefore = IERC20(token).balanceOf(address(this));
        EXPECTED_MANAGER_SLOT.asAddress().tstore(poolManager);
        IV4PoolManager(poolManager).unlock(abi.encode(UNLOCK_FLASH, abi.encode(token, amountIn, route)));
        (profit, payment) = _settle(token, balanceBefore, minProfit, bidBps);
        emit Arbitrage(token, amountIn, profit, true);
    }

    /// @notice Uniswap V4 unlock callback. Accepts only the PoolManager this contract unlocked right now, once.
    ///         `data` = abi.encode(kind, payload): a flash loan (`executeFlashV4`) or one swap of a V4 hop.
    function unlockCallback(bytes calldata data) external returns (bytes memory) {
        TransientSlot.AddressSlot slot = EXPECTED_MANAGER_SLOT.asAddress();
        if (msg.sender != slot.tload()) revert InvalidCallback();
        slot.tstore(address(0));
        (uint256 kind, bytes memory payload) = abi.decode(data, (uint256, bytes));
        IV4PoolManager manager = IV4PoolManager(msg.sender);
        if (kind == UNLOCK_SWAP) return abi.encode(_v4Swap(manager, abi.decode(payload, (V4Swap))));
        (address token, uint256 amount, bytes memory route) = abi.decode(payload, (address, uint256, bytes));
        manager.take(token, address(this), amount);
        TransientSlot.AddressSlot unlocked = UNLOCKED_MANAGER_SLOT.asAddress();
        unlocked.tstore(msg.sender);
        this.runSelf(route, amount);
        unlocked.tstore(address(0));
        manager.sync(token);
        IERC20(token).safeTransfer(msg.sender, amount);
        manager.settle();
        return "";
    }

    /// @notice Runs a route from memory (the V4 flash payload) as calldata. Only this contract may call it, from
    ///         inside `unlockCallback`.
    function runSelf(bytes calldata route, uint256 amount) external {
        if (msg.sender != address(this)) revert Unauthorized();
        _run(route, amount);
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

    /// @dev Validates the route's shape (hop lengths, one venue per hop) and cycle; returns the start token.
    function _checkRoute(bytes calldata route, uint256 amountIn) private pure returns (address token) {
        if (amountIn == 0) revert ZeroAmount();
        uint256 len = route.length;
        if (len < 20 + HOP_LENGTH) revert BadRoute();
        token = _startToken(route);
        address lastOut;
        uint256 p = 20;
        while (p < len) {
            if (len - p < HOP_LENGTH) revert BadRoute();
            uint256 flags;
            (flags,, lastOut,) = _hop(route, p);
            uint256 venue = flags & VENUE_MASK;
            // At most one venue bit, no unknown bit, from-balance on V2 hops only.
            if ((venue != 0 && venue & (venue - 1) != 0) || flags > VENUE_MASK | FLAG_ZERO_FOR_ONE | FLAG_FROM_BALANCE) {
                revert BadRoute();
            }
            if (flags & FLAG_FROM_BALANCE != 0 && venue != 0) revert BadRoute();
            p += venue == FLAG_V4 ? V4_HOP_LENGTH : HOP_LENGTH;
        }
        if (p != len || lastOut != token) revert BadRoute();
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

    /// @dev One hop as read from the route; for a V4 hop `fee` = v4Fee << 24 | uint24(v4TickSpacing).
    struct HopData {
        uint256 flags;
        address pool;
        address tokenOut;
        uint256 fee;
    }

    /// @dev One V4 exact-input swap, as passed through `unlock`.
    struct V4Swap {
        bool zeroForOne;
        address tokenIn;
        address tokenOut;
        uint256 key;
        uint256 amountIn;
        address recipient;
    }

    /// @dev Swaps along a route already checked by `_checkRoute`.
    function _run(bytes calldata route, uint256 amount) private {
        address tokenIn = _startToken(route);
        uint256 p = 20;
        while (p < route.length) {
            HopData memory h;
            (h.flags, h.pool, h.tokenOut, h.fee) = _hop(route, p);
            if (p == 20 && h.flags & VENUE_MASK == 0) IERC20(tokenIn).safeTransfer(h.pool, amount);
            if (h.flags & VENUE_MASK == FLAG_V4) {
                h.fee = _v4Key(route, p);
                p += V4_HOP_LENGTH;
            } else {
                p += HOP_LENGTH;
            }
            amount = _swap(h, tokenIn, amount, _recipient(route, p));
            tokenIn = h.tokenOut;
        }
    }

    /// @dev Who receives a hop's output: the next hop's pair when it is a V2 pair (a pair is paid before its swap, so
    ///      the previous hop pays it directly), else this contract.
    function _recipient(bytes calldata route, uint256 next) private view returns (address) {
        if (next < route.length) {
            (uint256 nextFlags, address nextPool,,) = _hop(route, next);
            if (nextFlags & VENUE_MASK == 0) return nextPool;
        }
        return address(this);
    }

    function _swap(HopData memory h, address tokenIn, uint256 amount, address recipient) private returns (uint256) {
        uint256 venue = h.flags & VENUE_MASK;
        bool zeroForOne = h.flags & FLAG_ZERO_FOR_ONE != 0;
        if (venue == 0) return _swapV2(h.pool, zeroForOne, h.flags & FLAG_FROM_BALANCE != 0 ? tokenIn : address(0), amount, h.fee, recipient);
        if (venue == FLAG_V3) return _swapV3(h.pool, zeroForOne, tokenIn, amount, recipient);
        if (venue == FLAG_BALANCER) return _swapBalancer(h.pool, tokenIn, h.tokenOut, amount, recipient);
        return _swapV4(h.pool, V4Swap(zeroForOne, tokenIn, h.tokenOut, h.fee, amount, recipient));
    }

    function _swapBalancer(address pool, address tokenIn, address tokenOut, uint256 amountIn, address recipient)
        private
        returns (uint256 amountOut)
    {
        bytes32 poolId = IBalancerPool(pool).getPoolId();
        address vault = IBalancerPool(pool).getVault();
        IERC20(tokenIn).forceApprove(vault, amountIn);
        amountOut = IBalancerVault(vault).swap(
            IBalancerVault.SingleSwap(poolId, IBalancerVault.SwapKind.GIVEN_IN, tokenIn, tokenOut, amountIn, ""),
            IBalancerVault.FundManagement(address(this), false, payable(recipient), false),
            0,
            block.timestamp
        );
    }

    function _swapV4(address manager, V4Swap memory swap) private returns (uint256) {
        // Inside executeFlashV4's unlock, the PoolManager is already unlocked: swap and settle directly.
        if (UNLOCKED_MANAGER_SLOT.asAddress().tload() == manager) return _v4Swap(IV4PoolManager(manager), swap);
        EXPECTED_MANAGER_SLOT.asAddress().tstore(manager);
        return abi.decode(IV4PoolManager(manager).unlock(abi.encode(UNLOCK_SWAP, abi.encode(swap))), (uint256));
    }

    /// @dev One exact-input swap on an unlocked PoolManager, paid and taken at once, so it leaves no open delta.
    function _v4Swap(IV4PoolManager manager, V4Swap memory swap) private returns (uint256 amountOut) {
        if (swap.amountIn > uint256(uint128(type(int128).max))) revert BadRoute();
        (address currency0, address currency1) = swap.zeroForOne ? (swap.tokenIn, swap.tokenOut) : (swap.tokenOut, swap.tokenIn);
        // forge-lint: disable-next-line(unsafe-typecast) -- key packs a uint24 fee and an int24 tick spacing
        V4PoolKey memory poolKey = V4PoolKey(currency0, currency1, uint24(swap.key >> 24), int24(uint24(swap.key)), address(0));
        int256 delta = manager.swap(
            poolKey,
            // forge-lint: disable-next-line(unsafe-typecast) -- bounded by the check above
            V4SwapParams(swap.zeroForOne, -int256(swap.amountIn), swap.zeroForOne ? MIN_SQRT_RATIO_PLUS_ONE : MAX_SQRT_RATIO_MINUS_ONE),
            ""
        );
        // BalanceDelta: amount0 in the upper 128 bits, amount1 in the lower. Exact input: the input side is negative
        // (owed by this contract), the output side positive.
        // forge-lint: disable-next-line(unsafe-typecast)
        (int128 paid, int128 received) = swap.zeroForOne ? (int128(delta >> 128), int128(delta)) : (int128(delta), int128(delta >> 128));
        // forge-lint: disable-next-line(unsafe-typecast)
        if (uint256(uint128(-paid)) != swap.amountIn) revert PartialFill(address(manager), swap.amountIn, uint256(uint128(-paid)));
        manager.sync(swap.tokenIn);
        IERC20(swap.tokenIn).safeTransfer(address(manager), swap.amountIn);
        manager.settle();
        // forge-lint: disable-next-line(unsafe-typecast)
        amountOut = uint256(uint128(received));
        manager.take(swap.tokenOut, swap.recipient, amountOut);
    }

    /// @dev The pair already holds `amountIn` of the input token; with `fromBalance` (the input token) set, the pair
    ///      holds an unknown amount (a transfer tax took its share): the input is its balance beyond the reserve.
    function _swapV2(address pair, bool zeroForOne, address fromBalance, uint256 amountIn, uint256 fee, address recipient)
        private
        returns (uint256 amountOut)
    {
        if (fee >= 10000) revert BadRoute();
        (uint256 reserve0, uint256 reserve1,) = IUniswapV2Pair(pair).getReserves();
        (uint256 reserveIn, uint256 reserveOut) = zeroForOne ? (reserve0, reserve1) : (reserve1, reserve0);
        if (fromBalance != address(0)) amountIn = IERC20(fromBalance).balanceOf(pair) - reserveIn;
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

    /// @dev Reads the hop at byte offset `p` of the route (its first 43 bytes). Bounds are checked by `_checkRoute`.
    function _hop(bytes calldata route, uint256 p)
        private
        pure
        returns (uint256 flags, address pool, address tokenOut, uint256 fee)
    {
        assembly ("memory-safe") {
            let q := add(route.offset, p)
            let w := calldataload(q)
            flags := byte(0, w)
            pool := and(shr(88, w), 0xffffffffffffffffffffffffffffffffffffffff)
            let w2 := calldataload(add(q, 21))
            tokenOut := shr(96, w2)
            fee := and(shr(80, w2), 0xffff)
        }
    }

    /// @dev The 6 bytes after the V4 hop at offset `p`: v4Fee (uint24) ++ v4TickSpacing (int24), as one number.
    function _v4Key(bytes calldata route, uint256 p) private pure returns (uint256 key) {
        assembly ("memory-safe") {
            key := shr(208, calldataload(add(route.offset, add(p, 43))))
        }
    }
}
