import { decodeAbiParameters, encodeFunctionData, parseAbi, type Hex } from 'viem'
import type { ManifestPool } from '../devnet/manifest.js'
import { loadArtifact } from '../devnet/loadArtifact.js'
import { BaseError } from '../errors/BaseError.js'
import { decodeStaticCallLens, encodeStaticCallLens, staticCalls, type StaticCall } from '../universe/staticCalls.js'
import { lensCall } from './lensCall.js'
import type { MarketPartReader } from './MarketPartReader.js'
import type { Address, BalancerWeightedPool } from './types.js'

const abi = parseAbi([
  'function getPoolTokens(bytes32) view returns (address[], uint256[], uint256)',
  'function getSwapFeePercentage() view returns (uint256)',
  'function getScalingFactors() view returns (uint256[])',
  'function getNormalizedWeights() view returns (uint256[])',
  'function version() view returns (string)',
])
const FEE = encodeFunctionData({ abi, functionName: 'getSwapFeePercentage' })
const SCALING = encodeFunctionData({ abi, functionName: 'getScalingFactors' })
const WEIGHTS = encodeFunctionData({ abi, functionName: 'getNormalizedWeights' })
const VERSION = encodeFunctionData({ abi, functionName: 'version' })
/** Weighted pools hold 2 to 8 tokens (`WeightedPool`'s `_MAX_TOKENS`). */
const MAX_TOKENS = 8

/** A manifest pool's tokens in the Vault's order: `tokens` for pools of more than two, else token0 and token1. */
function balancerPoolTokens(p: ManifestPool): Address[] {
  return (p.tokens ?? [p.token0, p.token1]).map((t) => t.toLowerCase() as Address)
}

/**
 * Reads the manifest's Balancer V2 weighted pools (2 to 8 tokens) for the market reader: weights and pool versions
 * (which never change) once in `init`; per block, lens calls for the balances, swap fees and scaling factors,
 * joined to the block's batch. A pool of N tokens comes out as its N·(N−1)/2 token pairs (pair (i, j), i < j, in
 * the order (0,1), (0,2), …, (1,2), …), each a `BalancerWeightedPool` with `tokenIndices` when N > 2: a swap reads
 * only the two tokens it trades, so every ordered pair of the pool is an edge with exact math. Nothing carries
 * over between blocks: `fetch` decodes the pools, `apply` hands them out.
 *
 * @example
 * const balancer = createBalancerReader(manifest.pools.filter((p) => p.venue === 'balancer-v2'), manifest.venues['balancer-v2']!.vault)
 */
export function createBalancerReader(pools: readonly ManifestPool[], vault: Address | undefined, decimalsOf: (token: Address) => number | undefined): MarketPartReader<BalancerWeightedPool[], BalancerWeightedPool> {
  const lower = (a: string) => a.toLowerCase() as Address
  if (pools.length > 0 && !vault) throw new BaseError('The manifest lists Balancer V2 pools but no venues["balancer-v2"].vault')
  const tokenLists = pools.map(balancerPoolTokens)
  const fail = (p: ManifestPool, what: string) => new BaseError(`Balancer pool ${p.address} (${p.id}): ${what}`)
  pools.forEach((p, i) => {
    if (tokenLists[i]!.length > MAX_TOKENS) throw fail(p, `${tokenLists[i]!.length} tokens; weighted pools hold at most ${MAX_TOKENS}`)
  })
  // Bytes per answer: getPoolTokens is the longest, 32 · (5 + 2N) for the pool with the most tokens (288 for two).
  const maxReturn = 32 * (5 + 2 * Math.max(2, ...tokenLists.map((t) => t.length)))
  const callsPerLens = Math.floor(768 / (1 + maxReturn / 32))
  const calls: StaticCall[] = pools.flatMap((p) => [
    { to: lower(vault!), data: encodeFunctionData({ abi, functionName: 'getPoolTokens', args: [p.id as Hex] }) },
    { to: lower(p.address), data: FEE },
    { to: lower(p.address), data: SCALING },
  ])
  const chunks: StaticCall[][] = []
  for (let i = 0; i < calls.length; i += callsPerLens) chunks.push(calls.slice(i, i + callsPerLens))
  const bytecode = chunks.length > 0 ? loadArtifact('StaticCallLens').bytecode : '0x'
  const encoded = chunks.map((c) => encodeStaticCallLens(bytecode, c, maxReturn, 200_000))
  let statics: Array<{ weights: readonly bigint[]; powShortcuts: boolean }> | undefined

  const scalingOf = (p: ManifestPool, token: Address) => {
    const decimals = decimalsOf(token)
    if (decimals === undefined) throw fail(p, `no getScalingFactors() and no decimals of ${token} in the manifest`)
    return 10n ** BigInt(18 - decimals) * 10n ** 18n
  }

  return {
    async init(rpc, tag) {
      if (statics || pools.length === 0) return
      const answers = await staticCalls(rpc, pools.flatMap((p) => [{ to: lower(p.address), data: WEIGHTS }, { to: lower(p.address), data: VERSION }]), { block: tag, maxReturn: 32 * (2 + MAX_TOKENS) })
      statics = pools.map((p, i) => {
        const w = answers[2 * i]!
        if (!w.ok) throw fail(p, 'getNormalizedWeights() failed: not a weighted pool')
        const [weights] = decodeAbiParameters([{ type: 'uint256[]' }], w.data)
        if (weights.length !== tokenLists[i]!.length) throw fail(p, `${weights.length} weights, but the manifest lists ${tokenLists[i]!.length} tokens`)
        // Pools from 2022 on answer version() and take FixedPoint.powUp's shortcuts; the 2021 ones do neither.
        return { weights, powShortcuts: answers[2 * i + 1]!.ok }
      })
    },
    requests(tag) {
      return encoded.map((data) => lensCall(data, tag))
    },
    apply: (fetched) => fetched,
    async fetch(_rpc, answers) {
      if (pools.length === 0) return []
      if (!statics) throw new BaseError('createBalancerReader: fetch before init')
      const results = answers.flatMap((a, k) => decodeStaticCallLens(a as Hex, chunks[k]!.length))
      return pools.flatMap((p, i): BalancerWeightedPool[] => {
        const listed = tokenLists[i]!
        const [tokens, fee, scaling] = [results[3 * i]!, results[3 * i + 1]!, results[3 * i + 2]!]
        if (!tokens.ok || !fee.ok) throw fail(p, 'getPoolTokens or getSwapFeePercentage failed')
        const [addresses, balances] = decodeAbiParameters([{ type: 'address[]' }, { type: 'uint256[]' }, { type: 'uint256' }], tokens.data)
        // 2021 pools have no getScalingFactors(): their factors are 10^(18 - decimals) (as 18-decimal numbers here).
        const factors = scaling.ok ? decodeAbiParameters([{ type: 'uint256[]' }], scaling.data)[0] : listed.map((t) => scalingOf(p, t))
        if (addresses.length !== listed.length || addresses.some((a, k) => lower(a) !== listed[k])) {
          throw fail(p, `the Vault lists tokens ${addresses.join(', ')}, the manifest ${listed.join(', ')}`)
        }
        if (balances.length !== listed.length || factors.length !== listed.length) throw fail(p, `${balances.length} balances and ${factors.length} scaling factors for ${listed.length} tokens`)
        const s = statics![i]!
        const n = listed.length
        const out: BalancerWeightedPool[] = []
        for (let a = 0; a < n; a++) {
          for (let b = a + 1; b < n; b++) {
            out.push({
              kind: 'balancer',
              address: lower(p.address),
              venue: p.venue,
              poolId: p.id as Hex,
              vault: lower(vault!),
              token0: listed[a]!,
              token1: listed[b]!,
              balance0: balances[a]!,
              balance1: balances[b]!,
              weight0: s.weights[a]!,
              weight1: s.weights[b]!,
              scaling0: factors[a]!,
              scaling1: factors[b]!,
              swapFee: BigInt(fee.data),
              powShortcuts: s.powShortcuts,
              ...(n > 2 ? { tokenIndices: [a, b] as const, tokenCount: n } : {}),
            })
          }
        }
        return out
      })
    },
  }
}
