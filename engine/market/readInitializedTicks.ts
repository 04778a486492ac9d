import type { Hex } from 'viem'
import type { RpcClient, RpcRequest } from '../chain/createRpcClient.js'
import { BaseError } from '../errors/BaseError.js'
import { decodeTickLens } from './decodeTickLens.js'
import { encodeTickLens } from './encodeTickLens.js'
import { lensCall } from './lensCall.js'
import { tickLensWordRanges } from './tickLensWordRanges.js'
import type { Address, V3Tick } from './types.js'

/**
 * Every initialized tick (with its liquidityNet, ascending) of each V3 pool at `block`, through the deployless
 * TickBitmapLens: each pool's bitmap words split into ranges (tickLensWordRanges), every range of every pool in
 * one JSON-RPC batch. A call that stopped early (its output cap or gas) is continued from the first word it did
 * not read in a further batch, so pools with more ticks than one call returns cost extra round trips.
 *
 * @example
 * const [ticks] = await readInitializedTicks(rpc, loadArtifact('TickBitmapLens').bytecode, [{ address, tickSpacing: 60 }], '0x64')
 */
export async function readInitializedTicks(
  rpc: RpcClient,
  bytecode: Hex,
  pools: readonly { address: Address; tickSpacing: number }[],
  block: Hex,
  first?: readonly Hex[],
): Promise<V3Tick[][]> {
  // One entry per word range, in pool then word order; continuations append to their range's ticks.
  const ranges = pools.flatMap((pool, p) => tickLensWordRanges(pool.tickSpacing).map((r) => ({ p, ...r, ticks: [] as V3Tick[] })))
  let pending = ranges.map((range) => ({ range, fromWord: range.fromWord }))
  // The first round's answers, when the caller sent `tickLensRequests` in a batch of its own.
  let given = first
  if (given !== undefined && given.length !== ranges.length) throw new BaseError(`readInitializedTicks: ${given.length} first answers for ${ranges.length} word ranges`)
  while (pending.length > 0) {
    const outputs =
      given ??
      (await rpc.batch<Hex[]>(
        pending.map(({ range, fromWord }) => lensCall(encodeTickLens(bytecode, pools[range.p]!.address, pools[range.p]!.tickSpacing, fromWord, range.toWord), block)),
      ))
    given = undefined
    const next: typeof pending = []
    pending.forEach(({ range, fromWord }, i) => {
      const { wordsRead, ticks } = decodeTickLens(outputs[i]!)
      const asked = range.toWord - fromWord + 1
      if (wordsRead < 1 || wordsRead > asked) {
        throw new BaseError(`TickBitmapLens read ${wordsRead} of ${asked} bitmap words of ${pools[range.p]!.address} at block ${BigInt(block)}`, {
          details: wordsRead < 1 ? 'it had too little gas for one word' : 'it answered more words than asked',
        })
      }
      for (const tick of ticks) range.ticks.push(tick)
      if (wordsRead < asked) next.push({ range, fromWord: fromWord + wordsRead })
    })
    pending = next
  }
  const result: V3Tick[][] = pools.map(() => [])
  for (const range of ranges) for (const tick of range.ticks) result[range.p]!.push(tick)
  return result
}

/**
 * The first round of `readInitializedTicks`'s calls, to send in a batch of the caller's (a block's market batch);
 * hand their answers to `readInitializedTicks` as `first`, which continues from there.
 */
export function tickLensRequests(bytecode: Hex, pools: readonly { address: Address; tickSpacing: number }[], block: Hex): RpcRequest[] {
  return pools.flatMap((pool) => tickLensWordRanges(pool.tickSpacing).map((r) => lensCall(encodeTickLens(bytecode, pool.address, pool.tickSpacing, r.fromWord, r.toWord), block)))
}
