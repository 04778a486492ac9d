// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IUniswapV2Factory} from "@uniswap/v2-core/contracts/interfaces/IUniswapV2Factory.sol";
import {IUniswapV2Pair} from "@uniswap/v2-core/contracts/interfaces/IUniswapV2Pair.sol";
import {IUniswapV3Factory} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Factory.sol";
import {IUniswapV3Pool} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol";
import {TestToken} from "../../src/tokens/TestToken.sol";
import {DeployUniswap} from "./DeployUniswap.sol";

/// @notice Owns the fixture's tokens and pays for V3 mints and swaps in their callbacks (DeployUniswap's own mint
///         callback only pays for the seeding position).
contract LensLiquidity {
    uint160 private constant MIN_SQRT_RATIO = 4295128739;
    uint160 private constant MAX_SQRT_RATIO = 1461446703485210103287273052203988822378723970342;

    function give(address token, address to, uint256 amount) external {
        TestToken(token).mint(to, amount);
    }

    function mint(address pool, int24 tickLower, int24 tickUpper, uint128 liquidity) external {
        IUniswapV3Pool(pool).mint(address(this), tickLower, tickUpper, liquidity, "");
    }

    /// @dev Sells `amountIn` of token0 (zeroForOne) or token1 with no price limit.
    function swap(address pool, bool zeroForOne, uint256 amountIn) external {
        // forge-lint: disable-next-line(unsafe-typecast)
        int256 amount = int256(amountIn);
        IUniswapV3Pool(pool).swap(address(this), zeroForOne, amount, zeroForOne ? MIN_SQRT_RATIO + 1 : MAX_SQRT_RATIO - 1, "");
    }

    function uniswapV3MintCallback(uint256 amount0Owed, uint256 amount1Owed, bytes calldata) external {
        if (amount0Owed > 0) TestToken(IUniswapV3Pool(msg.sender).token0()).mint(msg.sender, amount0Owed);
        if (amount1Owed > 0) TestToken(IUniswapV3Pool(msg.sender).token1()).mint(msg.sender, amount1Owed);
    }

    function uniswapV3SwapCallback(int256 amount0Delta, int256 amount1Delta, bytes calldata) external {
        // forge-lint: disable-next-line(unsafe-typecast)
        if (amount0Delta > 0) TestToken(IUniswapV3Pool(msg.sender).token0()).mint(msg.sender, uint256(amount0Delta));
        // forge-lint: disable-next-line(unsafe-typecast)
        if (amount1Delta > 0) TestToken(IUniswapV3Pool(msg.sender).token1()).mint(msg.sender, uint256(amount1Delta));
    }
}

/// @notice Pools for the deployless lens tests: the real Uniswap V2 pair and V3 pool bytecode from npm, two 18-decimal
///         tokens, two V2 pairs and V3 pools of every tick spacing (1, 10, 60, 200), priced at 0.5 token1 per token0
///         so their current ticks are negative (about -6932).
abstract contract LensFixture is DeployUniswap {
    LensLiquidity internal lp;
    address internal token0;
    address internal token1;
    IUniswapV2Factory internal v2;
    IUniswapV3Factory internal v3;
    address internal pairA;
    address internal pairB;
    address internal pool1;
    address internal pool10;
    address internal pool60;
    address internal pool200;

    function setUp() public virtual {
        lp = new LensLiquidity();
        address a = address(new TestToken("Token A", "A", 18, address(lp)));
        address b = address(new TestToken("Token B", "B", 18, address(lp)));
        (token0, token1) = a < b ? (a, b) : (b, a);
        v2 = deployV2Factory();
        v3 = deployV3Factory();
        pairA = createV2Pair(v2, token0, token1, 1000 ether, 2000 ether);
        pairB = createV2Pair(deployV2Factory(), token0, token1, 3 ether, 7_000_000 ether);
        pool1 = createV3Pool(v3, token0, token1, 100, 2000 ether, 1000 ether);
        pool10 = createV3Pool(v3, token0, token1, 500, 2000 ether, 1000 ether);
        pool60 = createV3Pool(v3, token0, token1, 3000, 2000 ether, 1000 ether);
        pool200 = createV3Pool(v3, token0, token1, 10000, 2000 ether, 1000 ether);
    }

    function fund(address token, address to, uint256 amount) internal override {
        lp.give(token, to, amount);
    }

    /// @dev Runs `initCode` the way a deployless `eth_call` does (a contract creation) and returns its output (the
    ///      "runtime code" the constructor returned), or bubbles up its revert. External, so tests can cap its gas.
    function deployless(bytes memory initCode) external returns (bytes memory out) {
        address created;
        assembly ("memory-safe") {
            created := create(0, add(initCode, 0x20), mload(initCode))
            if iszero(created) {
                let p := mload(0x40)
                returndatacopy(p, 0, returndatasize())
                revert(p, returndatasize())
            }
        }
        out = created.code;
    }

    /// @dev Word `i` (0-based) of a raw lens output.
    function _word(bytes memory out, uint256 i) internal pure returns (uint256 w) {
        require(out.length >= (i + 1) * 32, "output too short");
        assembly ("memory-safe") {
            w := mload(add(add(out, 0x20), mul(i, 0x20)))
        }
    }

    /// @dev The first and last tick-bitmap words that can hold a usable tick of spacing `spacing`.
    function _wordRange(int24 spacing) internal pure returns (int16 first, int16 last) {
        int24 minCompressed = -887272 / spacing;
        if (-887272 % spacing != 0) minCompressed--;
        // forge-lint: disable-next-line(unsafe-typecast)
        first = int16(minCompressed >> 8);
        // forge-lint: disable-next-line(unsafe-typecast)
        last = int16((887272 / spacing) >> 8);
    }
}
