import { decodeFunctionResult, encodeFunctionData, encodePacked, keccak256, parseAbi, type Hex } from 'viem'
import type { RpcClient } from '../chain/createRpcClient.js'
import { v4StateSlot } from '../universe/v4StateSlot.js'
import type { Address, V3Tick } from './types.js'

const abi = parseAbi(['function extsload(bytes32[] slots) view returns (bytes32[])'])
/** Pool.State offsets (StateLibrary): `ticks` mapping at +4, `tickBitmap` mapping at +5. */
const TICKS_OFFSET = 4n
const TICK_BITMAP_OFFSET = 5n
const MAX_TICK = 887272
const SLOTS_PER_CALL = 2048

const word = (n: bigint) => `0x${BigInt.asUintN(256, n).toString(16).padStart(64, '0')}` as Hex
/** `keccak256(abi.encodePacked(int256(key), mappingSlot))`, as StateLibrary locates mapping entries. */
const entry = (key: number, mappingSlot: bigint) => keccak256(encodePacked(['int256', 'bytes32'], [BigInt(key), word(mappingSlot)]))

/** `PoolManager.extsload(bytes32[])` at `tag`, in calls of at most 2,048 slots, batched in one JSON-RPC round trip. */
async function extsload(rpc: RpcClient, manager: Address, slots: readonly Hex[], tag: Hex): Promise<bigint[]> {
  const requests = []
  for (let i = 0; i < slots.length; i += SLOTS_PER_CALL) {
    requests.push({ method: 'eth_call', params: [{ to: manager, data: encodeFunctionData({ abi, functionName: 'extsload', args: [slots.slice(i, i + SLOTS_PER_CALL)] }) }, tag] })
  }
  const answers = await rpc.batch<Hex[]>(requests)
  return answers.flatMap((a) => decodeFunctionResult({ abi, functionName: 'extsload', data: a }).map((v) => BigInt(v)))
}

/**
 * Exactly the initialized ticks of a V4 pool at `tag`, sorted, read from the PoolManager's storage with `extsload`:
 * every tick-bitmap word from MIN_TICK to MAX_TICK (compressed by the tick spacing), then the `liquidityNet` (the
 * upper 128 bits of TickInfo's first slot) of each tick whose bit is set. Two round trips.
 *
 * @example
 * const ticks = await readV4Ticks(rpc, poolManager, poolId, 60, 'latest')
 */
export async function readV4Ticks(rpc: RpcClient, manager: Address, poolId: Hex, tickSpacing: number, tag: Hex): Promise<V3Tick[]> {
  const state = v4StateSlot(poolId)
  const bitmap = state + TICK_BITMAP_OFFSET
  const ticksMapping = state + TICKS_OFFSET
  const minWord = Math.floor(Math.floor(-MAX_TICK / tickSpacing) / 256)
  const maxWord = Math.floor(Math.floor(MAX_TICK / tickSpacing) / 256)
  const positions: number[] = []
  for (let w = minWord; w <= maxWord; w++) positions.push(w)
  const words = await extsload(rpc, manager, positions.map((w) => entry(w, bitmap)), tag)
  const indexes: number[] = []
  words.forEach((bits, k) => {
    if (bits === 0n) return
    for (let b = 0; b < 256; b++) if ((bits >> BigInt(b)) & 1n) indexes.push((positions[k]! * 256 + b) * tickSpacing)
  })
  if (indexes.length === 0) return []
  const infos = await extsload(rpc, manager, indexes.map((t) => entry(t, ticksMapping)), tag)
  return indexes.map((index, i) => ({ index, liquidityNet: BigInt.asIntN(128, infos[i]! >> 128n) }))
}
