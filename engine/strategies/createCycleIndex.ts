import { poolKey } from '../market/poolKey.js'
import type { Address, Pool } from '../market/types.js'

/** Options of `createCycleIndex`. */
export type CycleIndexOptions = {
  /** Shortest cycle, in hops (>= 2). */
  minHops: number
  /** Longest cycle, in hops. */
  maxHops: number
  /**
   * Tokens a cycle may start (and end) with, in priority order. A cycle through several of them is listed
   * once, starting at the first. Omitted: every untaxed token, lowest address first; a token a V2 pair carries a
   * transfer tax for (`transferTaxBps`) never starts a cycle (capital in and out, and a flash loan's repayment,
   * would be taxed), so a cycle through one starts at its untaxed token, and a cycle of taxed tokens only is left out.
   */
  startTokens?: readonly Address[]
  /** Stop enumerating after this many cycles (default 250,000); `truncated` tells. */
  maxCycles?: number
}

/**
 * Every simple directed cycle (no token or pool twice) of the pool graph with minHops..maxHops hops through a
 * start token (a Balancer pool with more than two tokens is one pool: its pairs never share a cycle), in flat typed arrays so a block can score all of them in one pass. Edge `e` is pool
 * `e >> 1` traded token0 -> token1 when `e` is even. Each directed cycle appears once (its rotations are
 * dropped), so no cycle is reported twice in one block. Build it once per pool set and reuse it across blocks.
 */
export type CycleIndex = {
  /** Pool keys (`poolKey`: the address, or a Balancer pair's address with its token indices) in edge order; per block, pools are matched to these. */
  poolKeys: readonly string[]
  /** `cycleOffsets[c]..cycleOffsets[c + 1]` are the edges of cycle c in `cycleEdges`. */
  cycleOffsets: Int32Array
  cycleEdges: Int32Array
  /** Start token of each cycle. */
  cycleStartTokens: readonly Address[]
  cycleCount: number
  /** Cycles are grouped by length: `segments[i]` covers cycles first..first+count-1, each `hops` long. */
  segments: ReadonlyArray<{ first: number; count: number; hops: number }>
  minHops: number
  maxHops: number
  truncated: boolean
}

/**
 * Builds the cycle index of `pools` by a depth-first search bounded by `maxHops` from each start token.
 *
 * @example
 * const index = createCycleIndex(state.pools, { minHops: 3, maxHops: 3, startTokens: [weth] })
 */
export function createCycleIndex(pools: readonly Pool[], options: CycleIndexOptions): CycleIndex {
  const { minHops, maxHops } = options
  if (!(minHops >= 2) || !(maxHops >= minHops)) throw new RangeError(`cycle hops must satisfy 2 <= minHops <= maxHops, got ${minHops}..${maxHops}`)
  const maxCycles = options.maxCycles ?? 250_000

  // Adjacency: token -> outgoing edges.
  const outgoing = new Map<Address, number[]>()
  const tokenIn = (e: number): Address => (e & 1 ? pools[e >> 1]!.token1 : pools[e >> 1]!.token0)
  const tokenOut = (e: number): Address => (e & 1 ? pools[e >> 1]!.token0 : pools[e >> 1]!.token1)
  for (let i = 0; i < pools.length; i++) {
    for (const e of [2 * i, 2 * i + 1]) {
      const from = tokenIn(e)
      let list = outgoing.get(from)
      if (!list) outgoing.set(from, (list = []))
      list.push(e)
    }
  }
  const starts = options.startTokens?.map((t) => t.toLowerCase() as Address) ?? untaxedTokens(pools, outgoing.keys())

  // A cycle belongs to its highest-priority start token: the search from a start token never enters a
  // start token ranked before it, and a simple cycle has one rotation per token, so every directed cycle is
  // found exactly once without comparing keys.
  const rank = new Map<Address, number>()
  starts.forEach((t, i) => {
    if (!rank.has(t)) rank.set(t, i)
  })

  const edges: number[] = []
  const offsets: number[] = [0]
  const startTokens: Address[] = []
  const path: number[] = []
  const onPath = new Set<Address>()
  // A pool may appear once per cycle; the pairs of one Balancer pool with more than two tokens share its address
  // and count as one pool (a second swap through it would see balances the first one moved).
  const group = new Int32Array(pools.length)
  const groupOf = new Map<Address, number>()
  for (let i = 0; i < pools.length; i++) {
    const address = pools[i]!.address
    let g = groupOf.get(address)
    if (g === undefined) groupOf.set(address, (g = i))
    group[i] = g
  }
  const poolUsed = new Uint8Array(pools.length)
  let truncated = false

  const extend = (start: Address, startRank: number, token: Address): void => {
    for (const e of outgoing.get(token) ?? []) {
      if (truncated) return
      const pool = group[e >> 1]!
      if (poolUsed[pool]) continue
      const next = tokenOut(e)
      if (next === start) {
        if (path.length + 1 >= minHops) {
          edges.push(...path, e)
          offsets.push(edges.length)
          startTokens.push(start)
          if (startTokens.length >= maxCycles) truncated = true
        }
        continue
      }
      if (path.length + 1 >= maxHops || onPath.has(next)) continue
      const nextRank = rank.get(next)
      if (nextRank !== undefined && nextRank < startRank) continue
      path.push(e)
      poolUsed[pool] = 1
      onPath.add(next)
      extend(start, startRank, next)
      onPath.delete(next)
      poolUsed[pool] = 0
      path.pop()
    }
  }

  for (const start of starts) {
    if (truncated) break
    if (rank.get(start) !== starts.indexOf(start)) continue // listed twice
    onPath.add(start)
    extend(start, rank.get(start)!, start)
    onPath.delete(start)
  }

  // Group cycles by length (stable) so scoring runs one fixed-stride loop per length.
  const order = startTokens.map((_, c) => c).sort((a, b) => offsets[a + 1]! - offsets[a]! - (offsets[b + 1]! - offsets[b]!) || a - b)
  const sortedEdges: number[] = []
  const sortedOffsets: number[] = [0]
  const segments: Array<{ first: number; count: number; hops: number }> = []
  for (let i = 0; i < order.length; i++) {
    const c = order[i]!
    const hops = offsets[c + 1]! - offsets[c]!
    for (let k = offsets[c]!; k < offsets[c + 1]!; k++) sortedEdges.push(edges[k]!)
    sortedOffsets.push(sortedEdges.length)
    const last = segments.at(-1)
    if (last && last.hops === hops) last.count++
    else segments.push({ first: i, count: 1, hops })
  }

  return {
    poolKeys: pools.map(poolKey),
    cycleOffsets: Int32Array.from(sortedOffsets),
    cycleEdges: Int32Array.from(sortedEdges),
    cycleStartTokens: order.map((c) => startTokens[c]!),
    cycleCount: startTokens.length,
    segments,
    minHops,
    maxHops,
    truncated,
  }
}

/** `tokens` without those a V2 pair of `pools` carries a transfer tax for, sorted by address. */
function untaxedTokens(pools: readonly Pool[], tokens: Iterable<Address>): Address[] {
  const taxed = new Set<Address>()
  for (const p of pools) {
    if (p.kind !== 'v2' || !p.transferTaxBps) continue
    if (p.transferTaxBps[0] > 0) taxed.add(p.token0)
    if (p.transferTaxBps[1] > 0) taxed.add(p.token1)
  }
  return [...tokens].filter((t) => !taxed.has(t)).sort()
}
