import { encodePacked, keccak256, type Hex } from 'viem'

/** `PoolManager._pools`'s storage slot (StateLibrary.POOLS_SLOT). */
const POOLS_SLOT = 6n
/** Offset of `liquidity` in `Pool.State` (StateLibrary.LIQUIDITY_OFFSET). */
export const V4_LIQUIDITY_OFFSET = 3n

/**
 * The storage slot of a V4 pool's `Pool.State` in the PoolManager (StateLibrary._getPoolStateSlot): it holds
 * slot0 packed as lpFee (24 bits) | protocolFee (24) | tick (24) | sqrtPriceX96 (160); `liquidity` is at
 * slot + 3. Read with `PoolManager.extsload(slot)`.
 */
export function v4StateSlot(poolId: Hex): bigint {
  return BigInt(keccak256(encodePacked(['bytes32', 'bytes32'], [poolId, `0x${POOLS_SLOT.toString(16).padStart(64, '0')}`])))
}

/** Unpacks a V4 slot0 word (see `v4StateSlot`). */
export function decodeV4Slot0(word: bigint): { sqrtPriceX96: bigint; tick: number; protocolFee: number; lpFee: number } {
  const tick = Number(BigInt.asIntN(24, (word >> 160n) & 0xffffffn))
  return {
    sqrtPriceX96: word & ((1n << 160n) - 1n),
    tick,
    protocolFee: Number((word >> 184n) & 0xffffffn),
    lpFee: Number((word >> 208n) & 0xffffffn),
  }
}
