// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

/// @title TickBitmapLens
/// @notice Deployless lens: never deployed. An `eth_call` with no `to` whose data is this creation code followed by
///         `abi.encode(pool, tickSpacing, fromWord, toWord)` returns every initialized tick of a Uniswap V3 pool in
///         the tick-bitmap words `fromWord..toWord` (inclusive) with its liquidityNet: it reads `tickBitmap(word)`,
///         then `ticks(tick)` for each set bit, in ascending tick order.
///
/// @dev OUTPUT (raw 32-byte big-endian words, no ABI head; the TypeScript decoder is written against exactly this):
///
///        word 0:        wordsRead — how many words from `fromWord` on were read completely
///        words 1..n:    (uint256(uint24(tick)) << 128) | uint128(liquidityNet), one per initialized tick
///
///      i.e. bits 128..151 hold the int24 tick and bits 0..127 the int128 liquidityNet, both two's complement.
///
///      The output is the created contract's "runtime code": at most 24,576 bytes (EIP-170), and 200 gas per byte.
///      So the lens stops early, before a word, when that word's ticks would not fit in `MAX_TICKS` or the gas left
///      might not cover a full word (256 ticks) plus the output's deposit; `wordsRead < toWord - fromWord + 1` then
///      tells the caller to continue from `fromWord + wordsRead`. With at least `WORD_GAS + 257 * DEPOSIT_PER_TICK`
///      gas it always reads at least one word, so a caller that continues always makes progress.
contract TickBitmapLens {
    /// @notice `pool` has no code at this block (not deployed yet, or a wrong address).
    error NoCode(address pool);
    /// @notice `pool` reverted or returned too few bytes for the getter `selector`.
    error CallFailed(address pool, bytes4 selector);

    /// @dev Most ticks one output holds: 768 words (EIP-170's 24,576 bytes) less the header word.
    uint256 private constant MAX_TICKS = 767;
    /// @dev Gas to read one bitmap word and all 256 of its ticks: `ticks(t)` costs about 11k (four cold slots and
    ///      the call), so 256 of them about 2.9M; rounded up.
    uint256 private constant WORD_GAS = 3_500_000;
    /// @dev Code-deposit gas of one output word (200 gas per byte).
    uint256 private constant DEPOSIT_PER_TICK = 32 * 200;

    constructor(address pool, int24 tickSpacing, int16 fromWord, int16 toWord) {
        if (pool.code.length == 0) revert NoCode(pool);
        // Selectors as literals (assembly cannot read `.selector`); the Foundry tests exercise each of them.
        assembly {
            // CallFailed(address,bytes4)
            function fail(target, selector) {
                mstore(0x00, shl(224, 0x3231cddc))
                mstore(0x04, target)
                mstore(0x24, selector)
                revert(0x00, 0x44)
            }
            // Output starts at the free memory pointer and is never followed by Solidity code, so it may grow freely.
            // Calls use scratch space [0x00, 0x40) for their arguments and results.
            let out := mload(0x40)
            let next := add(out, 0x20)
            let word := fromWord
            for {} iszero(sgt(word, toWord)) { word := add(word, 1) } {
                let count := shr(5, sub(next, add(out, 0x20)))
                if lt(gas(), add(WORD_GAS, mul(add(count, 257), DEPOSIT_PER_TICK))) { break }
                // tickBitmap(int16)
                mstore(0x00, shl(224, 0x5339c296))
                mstore(0x04, word)
                if iszero(staticcall(gas(), pool, 0x00, 0x24, 0x00, 0x20)) { fail(pool, shl(224, 0x5339c296)) }
                if lt(returndatasize(), 0x20) { fail(pool, shl(224, 0x5339c296)) }
                let bits := mload(0x00)
                if bits {
                    let set := 0
                    for { let b := bits } b { b := shr(1, b) } { set := add(set, and(b, 1)) }
                    if gt(add(count, set), MAX_TICKS) { break }
                    // `word` and `tickSpacing` are sign-extended, so the wrapping arithmetic gives the two's complement
                    // tick (word * 256 + bit) * tickSpacing.
                    for { let bit := 0 } bits { bit := add(bit, 1) bits := shr(1, bits) } {
                        if and(bits, 1) {
                            let tick := mul(add(mul(word, 256), bit), tickSpacing)
                            // ticks(int24)
                            mstore(0x00, shl(224, 0xf30dba93))
                            mstore(0x04, tick)
                            if iszero(staticcall(gas(), pool, 0x00, 0x24, 0x00, 0x40)) { fail(pool, shl(224, 0xf30dba93)) }
                            if lt(returndatasize(), 0x40) { fail(pool, shl(224, 0xf30dba93)) }
                            // ticks() returns (liquidityGross, liquidityNet, ...): liquidityNet is the second word.
                            mstore(next, or(shl(128, and(tick, 0xffffff)), and(mload(0x20), 0xffffffffffffffffffffffffffffffff)))
                            next := add(next, 0x20)
                        }
                    }
                }
            }
            // wordsRead: the loop stopped at the first word it did not read (toWord + 1 when it read them all).
            mstore(out, sub(word, fromWord))
            return(out, sub(next, out))
        }
    }
}
