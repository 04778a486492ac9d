// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {IUniswapV2Pair} from "@uniswap/v2-core/contracts/interfaces/IUniswapV2Pair.sol";
import {IUniswapV3Pool} from "@uniswap/v3-core/contracts/interfaces/IUniswapV3Pool.sol";
import {IUniswapV3PoolState} from "@uniswap/v3-core/contracts/interfaces/pool/IUniswapV3PoolState.sol";
import {PoolStateLens} from "../src/lens/PoolStateLens.sol";
import {LensFixture} from "./utils/LensFixture.sol";

/// @notice The deployless pool-state lens against the real Uniswap V2 pair and V3 pool bytecode: its raw output
///         equals each pool's own getters.
contract PoolStateLensTest is LensFixture {
    function _lens(address[] memory pairs, address[] memory pools) internal returns (bytes memory) {
        return this.deployless(abi.encodePacked(type(PoolStateLens).creationCode, abi.encode(pairs, pools)));
    }

    function _pairs() internal view returns (address[] memory pairs) {
        pairs = new address[](2);
        (pairs[0], pairs[1]) = (pairA, pairB);
    }

    function _pools() internal view returns (address[] memory pools) {
        pools = new address[](4);
        (pools[0], pools[1], pools[2], pools[3]) = (pool1, pool10, pool60, pool200);
    }

    /// @dev Checks `out` word by word against getReserves, slot0 and liquidity.
    function _assertMatches(bytes memory out, address[] memory pairs, address[] memory pools) internal view {
        assertEq(out.length, 32 * (2 * pairs.length + 3 * pools.length), "output length");
        uint256 k;
        for (uint256 i; i < pairs.length; ++i) {
            (uint112 reserve0, uint112 reserve1,) = IUniswapV2Pair(pairs[i]).getReserves();
            assertEq(_word(out, k++), reserve0, "reserve0");
            assertEq(_word(out, k++), reserve1, "reserve1");
        }
        for (uint256 j; j < pools.length; ++j) {
            (uint160 sqrtPriceX96, int24 tick,,,,,) = IUniswapV3Pool(pools[j]).slot0();
            assertEq(_word(out, k++), sqrtPriceX96, "sqrtPriceX96");
            // forge-lint: disable-next-line(unsafe-typecast)
            assertEq(int256(_word(out, k++)), tick, "tick (sign-extended)");
            assertEq(_word(out, k++), IUniswapV3Pool(pools[j]).liquidity(), "liquidity");
        }
    }

    function test_readsReservesSlot0AndLiquidity() public {
        (, int24 tick,,,,,) = IUniswapV3Pool(pool60).slot0();
        assertLt(tick, 0, "the fixture's V3 ticks are negative");
        _assertMatches(_lens(_pairs(), _pools()), _pairs(), _pools());
    }

    function test_readsAPositiveTickAfterASwap() public {
        lp.swap(pool10, false, 5000 ether);
        (, int24 tick,,,,,) = IUniswapV3Pool(pool10).slot0();
        assertGt(tick, 0);
        _assertMatches(_lens(_pairs(), _pools()), _pairs(), _pools());
    }

    function test_fuzz_readsAfterSwaps(uint256 amountIn, bool zeroForOne, uint8 which) public {
        address pool = _pools()[which % 4];
        lp.swap(pool, zeroForOne, bound(amountIn, 1, 10_000 ether));
        address pair = which % 2 == 0 ? pairA : pairB;
        lp.give(zeroForOne ? token0 : token1, pair, bound(amountIn, 1, 10_000 ether));
        IUniswapV2Pair(pair).sync();
        _assertMatches(_lens(_pairs(), _pools()), _pairs(), _pools());
    }

    function test_onlyPairsOrOnlyPools() public {
        address[] memory none = new address[](0);
        _assertMatches(_lens(_pairs(), none), _pairs(), none);
        _assertMatches(_lens(none, _pools()), none, _pools());
    }

    function test_emptyPoolLists() public {
        address[] memory none = new address[](0);
        assertEq(_lens(none, none).length, 0);
    }

    function test_readsManyPools() public {
        // The same pools repeated: output grows linearly, well under EIP-170's 24,576 bytes for 200 pools.
        address[] memory pairs = new address[](100);
        address[] memory pools = new address[](100);
        for (uint256 i; i < 100; ++i) {
            pairs[i] = _pairs()[i % 2];
            pools[i] = _pools()[i % 4];
        }
        bytes memory initCode = abi.encodePacked(type(PoolStateLens).creationCode, abi.encode(pairs, pools));
        uint256 before = gasleft();
        bytes memory out = this.deployless(initCode);
        emit log_named_uint("lens gas for 100 pairs + 100 pools", before - gasleft());
        _assertMatches(out, pairs, pools);
    }

    function test_lens_revertsWhenPairHasNoCode() public {
        address nobody = makeAddr("nobody");
        address[] memory pairs = _pairs();
        pairs[1] = nobody;
        vm.expectRevert(abi.encodeWithSelector(PoolStateLens.NoCode.selector, nobody));
        _lens(pairs, _pools());
    }

    function test_lens_revertsWhenPoolHasNoCode() public {
        address nobody = makeAddr("nobody");
        address[] memory pools = _pools();
        pools[2] = nobody;
        vm.expectRevert(abi.encodeWithSelector(PoolStateLens.NoCode.selector, nobody));
        _lens(_pairs(), pools);
    }

    function test_lens_revertsWhenNotAPair() public {
        address[] memory pairs = new address[](1);
        pairs[0] = token0;
        vm.expectRevert(abi.encodeWithSelector(PoolStateLens.CallFailed.selector, token0, IUniswapV2Pair.getReserves.selector));
        _lens(pairs, new address[](0));
    }

    function test_lens_revertsWhenNotAV3Pool() public {
        address[] memory pools = new address[](1);
        pools[0] = pairA;
        vm.expectRevert(abi.encodeWithSelector(PoolStateLens.CallFailed.selector, pairA, IUniswapV3PoolState.slot0.selector));
        _lens(new address[](0), pools);
    }
}
