import { encodeAbiParameters, keccak256, type Address, type Hex } from 'viem'

/**
 * Storage layout of the npm Uniswap V2 pair and V3 pool (same bytecode as mainnet), for writing a pool's
 * state directly. V2: reserve0 | reserve1 << 112 | blockTimestampLast << 224 in slot 8. V3: Slot0 packed in
 * slot 0 (sqrtPriceX96: 160 bits, tick: int24, then the oracle indexes, feeProtocol and `unlocked`),
 * `liquidity` in slot 4, `ticks` mapping at slot 5 (first word: liquidityGross | liquidityNet << 128).
 */
export const V2_RESERVES_SLOT = 8n
export const V3_SLOT0_SLOT = 0n
export const V3_LIQUIDITY_SLOT = 4n
export const V3_TICKS_SLOT = 5n

const word = (v: bigint): Hex => `0x${v.toString(16).padStart(64, '0')}`
const MASK_112 = (1n << 112n) - 1n
const MASK_128 = (1n << 128n) - 1n
const MASK_160 = (1n << 160n) - 1n
const MASK_24 = (1n << 24n) - 1n

/** Slot index as a 32-byte hex word (what anvil_setStorageAt takes). */
export const slotHex = (slot: bigint): Hex => word(slot)

/** The V2 reserves word. */
export function encodeV2Reserves(reserve0: bigint, reserve1: bigint, blockTimestamp: bigint): Hex {
  return word((reserve0 & MASK_112) | ((reserve1 & MASK_112) << 112n) | ((blockTimestamp % (1n << 32n)) << 224n))
}

/** The V3 slot0 word with a new price and tick, keeping the oracle fields, feeProtocol and `unlocked` of `current`. */
export function encodeV3Slot0(current: bigint, sqrtPriceX96: bigint, tick: number): Hex {
  const high = current & ~((1n << 184n) - 1n)
  return word(high | ((BigInt(tick) & MASK_24) << 160n) | (sqrtPriceX96 & MASK_160))
}

/** A uint128 / int128 pair word (liquidityGross | liquidityNet << 128). */
export function encodeTickWord(liquidityGross: bigint, liquidityNet: bigint): Hex {
  return word((liquidityGross & MASK_128) | ((liquidityNet & MASK_128) << 128n))
}

/** A plain uint256 word. */
export const encodeUint = (v: bigint): Hex => word(v)

/** Storage slot of `mapping(address => …)` at `slot` for `key` (Solidity's keccak256(abi.encode(key, slot))). */
export function addressMappingSlot(key: Address, slot: bigint): Hex {
  return keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [key, slot]))
}

/** Storage slot of a V3 pool's `ticks[tick]` first word. */
export function tickSlot(tick: number): Hex {
  return keccak256(encodeAbiParameters([{ type: 'int24' }, { type: 'uint256' }], [tick, V3_TICKS_SLOT]))
}
