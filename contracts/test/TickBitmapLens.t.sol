// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IUniswapV3Pool} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol";
import {IUniswapV3PoolState} from "@uniswap/v3-core/contracts/interfaces/pool/IUniswapV3PoolState.sol";
import {TickBitmapLens} from "../src/lens/TickBitmapLens.sol";
import {LensFixture} from "./utils/LensFixture.sol";

/// @notice The deployless tick lens against the real Uniswap V3 pool bytecode: it returns exactly the initialized
///         ticks of the words asked for (the ticks the test created), in order, with the pool's own liquidityNet.
contract TickBitmapLensTest is LensFixture {
    /// @dev The eth_call gas the TypeScript reader gives each lens call (engine/market/lensCall.ts).
    uint256 internal constant CALL_GAS = 25_000_000;
    /// @dev Bitmap words per tick-lens call in the TypeScript reader (engine/market/tickLensWordRanges.ts).
    int16 internal constant WORDS_PER_CALL = 1024;

    struct Tick {
        int24 index;
        int128 liquidityNet;
    }

    /// @dev Ticks the test created, per pool, besides the fixture's full-range position.
    mapping(address => int24[]) internal minted;

    function _lens(address pool, int16 fromWord, int16 toWord, uint256 gas)
        internal
        returns (uint256 wordsRead, Tick[] memory ticks)
    {
        int24 spacing = IUniswapV3Pool(pool).tickSpacing();
        bytes memory out = this.deployless{gas: gas}(
            abi.encodePacked(type(TickBitmapLens).creationCode, abi.encode(pool, spacing, fromWord, toWord))
        );
        assertLe(out.length, 24_576, "EIP-170");
        assertEq(out.length % 32, 0);
        wordsRead = _word(out, 0);
        ticks = new Tick[](out.length / 32 - 1);
        for (uint256 i; i < ticks.length; ++i) {
            uint256 w = _word(out, i + 1);
            // forge-lint: disable-next-line(unsafe-typecast)
            ticks[i] = Tick(int24(uint24(w >> 128)), int128(uint128(w)));
        }
    }

    /// @dev Every tick of the pool's full word range, continuing after a call that stopped early.
    function _scan(address pool, uint256 gas) internal returns (Tick[] memory all, uint256 calls) {
        (int16 first, int16 last) = _wordRange(IUniswapV3Pool(pool).tickSpacing());
        all = new Tick[](0);
        int16 from = first;
        while (from <= last) {
            int16 to = from + WORDS_PER_CALL - 1 < last ? from + WORDS_PER_CALL - 1 : last;
            (uint256 wordsRead, Tick[] memory ticks) = _lens(pool, from, to, gas);
            assertGt(wordsRead, 0, "progress");
            all = _concat(all, ticks);
            // forge-lint: disable-next-line(unsafe-typecast)
            from += int16(int256(wordsRead));
            ++calls;
        }
    }

    /// @dev Number of words in `from..to` (inclusive, from <= to).
    function _words(int16 from, int16 to) internal pure returns (uint256) {
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint256(int256(to) - from + 1);
    }

    function _concat(Tick[] memory a, Tick[] memory b) internal pure returns (Tick[] memory c) {
        c = new Tick[](a.length + b.length);
        for (uint256 i; i < a.length; ++i) c[i] = a[i];
        for (uint256 i; i < b.length; ++i) c[a.length + i] = b[i];
    }

    function _mint(address pool, int24 lower, int24 upper, uint128 liquidity) internal {
        lp.mint(pool, lower, upper, liquidity);
        minted[pool].push(lower);
        minted[pool].push(upper);
    }

    /// @dev The ticks the test initialized (plus the full-range pair), sorted and deduplicated, each with the pool's
    ///      own `ticks(t).liquidityNet`, which must also say `initialized`.
    function _expected(address pool) internal view returns (Tick[] memory ticks) {
        int24 spacing = IUniswapV3Pool(pool).tickSpacing();
        // Largest usable tick: MAX_TICK rounded down to the spacing (truncation intended).
        // forge-lint: disable-next-line(divide-before-multiply)
        int24 upper = (887272 / spacing) * spacing;
        int24[] memory list = new int24[](minted[pool].length + 2);
        for (uint256 i; i < minted[pool].length; ++i) list[i] = minted[pool][i];
        (list[list.length - 2], list[list.length - 1]) = (-upper, upper);
        for (uint256 i = 1; i < list.length; ++i) {
            for (uint256 j = i; j > 0 && list[j - 1] > list[j]; --j) (list[j - 1], list[j]) = (list[j], list[j - 1]);
        }
        uint256 n;
        for (uint256 i; i < list.length; ++i) if (i == 0 || list[i] != list[i - 1]) list[n++] = list[i];
        ticks = new Tick[](n);
        for (uint256 i; i < n; ++i) {
            (, int128 net,,,,,, bool initialized) = IUniswapV3Pool(pool).ticks(list[i]);
            assertTrue(initialized, "expected tick is initialized");
            ticks[i] = Tick(list[i], net);
        }
    }

    function _assertTicks(Tick[] memory actual, Tick[] memory expected) internal pure {
        assertEq(actual.length, expected.length, "tick count");
        for (uint256 i; i < actual.length; ++i) {
            assertEq(actual[i].index, expected[i].index, "tick index");
            assertEq(actual[i].liquidityNet, expected[i].liquidityNet, "liquidityNet");
        }
    }

    /// @dev Narrow ranges below, around and above the current (negative) tick, some sharing a boundary.
    function _mintNarrowRanges(address pool) internal {
        int24 s = IUniswapV3Pool(pool).tickSpacing();
        (, int24 tick,,,,,) = IUniswapV3Pool(pool).slot0();
        int24 c = tick / s;
        _mint(pool, (c - 300) * s, (c - 290) * s, 1e18);
        _mint(pool, (c - 5) * s, (c + 3) * s, 2e18);
        _mint(pool, (c + 3) * s, (c + 700) * s, 3e18); // shares the boundary (c + 3) * s with the range above
        _mint(pool, (c + 1) * s, (c + 2) * s, 5e17);
        // Same liquidity on both sides of (c + 40) * s: that tick stays initialized with liquidityNet 0.
        _mint(pool, (c + 20) * s, (c + 40) * s, 7e17);
        _mint(pool, (c + 40) * s, (c + 60) * s, 7e17);
        // Positive ticks, far from the price.
        _mint(pool, 1000 * s, 1300 * s, 4e18);
    }

    function test_returnsInitializedTicksWithLiquidityNet() public {
        address[4] memory pools = [pool1, pool10, pool60, pool200];
        for (uint256 i; i < pools.length; ++i) {
            _mintNarrowRanges(pools[i]);
            lp.swap(pools[i], true, 50 ether); // crosses some ticks, so liquidityNet reads are not just fresh mints
            (Tick[] memory ticks,) = _scan(pools[i], CALL_GAS);
            _assertTicks(ticks, _expected(pools[i]));
            bool negativeNet;
            bool zeroNet;
            for (uint256 j; j < ticks.length; ++j) {
                negativeNet = negativeNet || ticks[j].liquidityNet < 0;
                zeroNet = zeroNet || ticks[j].liquidityNet == 0;
            }
            assertTrue(negativeNet && zeroNet, "covers negative and zero liquidityNet");
            assertLt(ticks[0].index, 0);
            assertGt(ticks[ticks.length - 1].index, 0);
        }
    }

    function test_chunksConcatenateToOneCall() public {
        _mintNarrowRanges(pool10);
        (int16 first, int16 last) = _wordRange(10);
        (uint256 wordsRead, Tick[] memory whole) = _lens(pool10, first, last, CALL_GAS);
        assertEq(wordsRead, _words(first, last));
        Tick[] memory pieces = new Tick[](0);
        for (int16 from = first; from <= last; from += 37) {
            int16 to = from + 36 < last ? from + 36 : last;
            (uint256 read, Tick[] memory part) = _lens(pool10, from, to, CALL_GAS);
            assertEq(read, _words(from, to));
            pieces = _concat(pieces, part);
        }
        _assertTicks(pieces, whole);
        _assertTicks(whole, _expected(pool10));
    }

    function test_emptyRangeAndEmptyWords() public {
        (uint256 wordsRead, Tick[] memory ticks) = _lens(pool60, 5, 4, CALL_GAS);
        assertEq(wordsRead, 0);
        assertEq(ticks.length, 0);
        // Words 10..20 of a spacing-60 pool hold no tick of the fixture.
        (wordsRead, ticks) = _lens(pool60, 10, 20, CALL_GAS);
        assertEq(wordsRead, 11);
        assertEq(ticks.length, 0);
    }

    /// @dev The full range of a spacing-1 pool (6,932 words) in the reader's chunks: each chunk reads all its words
    ///      within the reader's gas, and the logged gas per chunk is what the TypeScript chunk size is chosen from.
    function test_fullRangeChunksFitTheCallGas() public {
        _mintNarrowRanges(pool1);
        (int16 first, int16 last) = _wordRange(1);
        assertEq(int256(last) - first + 1, 6932);
        Tick[] memory all = new Tick[](0);
        for (int16 from = first; from <= last; from += WORDS_PER_CALL) {
            int16 to = from + WORDS_PER_CALL - 1 < last ? from + WORDS_PER_CALL - 1 : last;
            uint256 before = gasleft();
            (uint256 wordsRead, Tick[] memory ticks) = _lens(pool1, from, to, CALL_GAS);
            emit log_named_uint("gas of a 1024-word chunk (incl. this test's decoding)", before - gasleft());
            assertEq(wordsRead, _words(from, to), "chunk read completely");
            all = _concat(all, ticks);
        }
        _assertTicks(all, _expected(pool1));
    }

    function test_stopsBeforeTheOutputCapAndResumes() public {
        // 800 ticks in a row on the spacing-1 pool (400 adjacent one-tick ranges): more than one output holds.
        for (int24 i; i < 400; ++i) _mint(pool1, -20_000 + 2 * i, -20_000 + 2 * i + 1, 1e15);
        int16 from = int16((-20_000) >> 8);
        (uint256 wordsRead, Tick[] memory first) = _lens(pool1, from, from + 10, CALL_GAS);
        assertLt(wordsRead, 11, "stopped early");
        assertGt(wordsRead, 0);
        assertLe(first.length, 767);
        (Tick[] memory all, uint256 calls) = _scan(pool1, CALL_GAS);
        assertGt(calls, 7, "needed a follow-up call");
        _assertTicks(all, _expected(pool1));
    }

    function test_stopsWhenGasRunsLowAndResumes() public {
        _mintNarrowRanges(pool1);
        (int16 first, int16 last) = _wordRange(1);
        (uint256 wordsRead,) = _lens(pool1, first, last, 6_000_000);
        assertGt(wordsRead, 0);
        assertLt(wordsRead, 1024, "stopped before its gas ran out");
        (Tick[] memory all, uint256 calls) = _scan(pool1, 6_000_000);
        assertGt(calls, 7);
        _assertTicks(all, _expected(pool1));
    }

    function test_lens_revertsWhenPoolHasNoCode() public {
        address nobody = makeAddr("nobody");
        vm.expectRevert(abi.encodeWithSelector(TickBitmapLens.NoCode.selector, nobody));
        this.deployless(abi.encodePacked(type(TickBitmapLens).creationCode, abi.encode(nobody, int24(60), int16(0), int16(1))));
    }

    function test_lens_revertsWhenNotAV3Pool() public {
        vm.expectRevert(
            abi.encodeWithSelector(TickBitmapLens.CallFailed.selector, pairA, IUniswapV3PoolState.tickBitmap.selector)
        );
        this.deployless(abi.encodePacked(type(TickBitmapLens).creationCode, abi.encode(pairA, int24(60), int16(0), int16(1))));
    }
}
