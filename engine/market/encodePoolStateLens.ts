import { encodeDeployData, type Hex } from 'viem'
import { poolStateLensAbi } from '../abi/poolStateLens.js'
import type { Address } from './types.js'

/**
 * Most output words one deployless call can return: the output is the created contract's code, which EIP-170
 * caps at 24,576 bytes.
 */
export const MAX_LENS_OUTPUT_WORDS = 768

/**
 * The `data` of the PoolStateLens calls that read `v2Pairs` (reserves) and `v3Pools` (slot0, liquidity): one call
 * unless the output would exceed one call's 768 words, then several, each taking the next pools of `v2Pairs`
 * then `v3Pools` in order, so the calls' outputs concatenated are every pair's words then every pool's
 * (see decodePoolStateLens). No pools: no call.
 *
 * @example
 * const calls = encodePoolStateLens(loadArtifact('PoolStateLens').bytecode, [pair], [pool])
 */
export function encodePoolStateLens(bytecode: Hex, v2Pairs: readonly Address[], v3Pools: readonly Address[]): Hex[] {
  const calls: Hex[] = []
  let pairs: Address[] = []
  let pools: Address[] = []
  let words = 0
  const flush = () => {
    if (pairs.length + pools.length > 0) calls.push(encodeDeployData({ abi: poolStateLensAbi, bytecode, args: [pairs, pools] }))
    ;[pairs, pools, words] = [[], [], 0]
  }
  for (const pair of v2Pairs) {
    if (words + 2 > MAX_LENS_OUTPUT_WORDS) flush()
    pairs.push(pair)
    words += 2
  }
  for (const pool of v3Pools) {
    if (words + 3 > MAX_LENS_OUTPUT_WORDS) flush()
    pools.push(pool)
    words += 3
  }
  flush()
  return calls
}
