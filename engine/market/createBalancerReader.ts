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
/** Bytes per answer: getPoolTokens of a two-token pool is the longest (288). */
const MAX_RETURN = 288
const CALLS_PER_LENS = Math.floor(768 / (1 + MAX_RETURN / 32))

/**
 * Reads the manifest's Balancer V2 weighted pools for the market reader: weights and pool versions (which never
 * change) once in `init`; per block, lens calls for the balances, swap fees and scaling factors, joined to the
 * block's batch. Nothing carries over between blocks: `fetch` decodes the pools, `apply` hands them out.
 *
 * @example
 * const balancer = createBalancerReader(manifest.pools.filter((p) => p.venue === 'balancer-v2'), manifest.venues['balancer-v2']!.vault)
 */
export function createBalancerReader(pools: readonly ManifestPool[], vault: Address | undefined, decimalsOf: (token: Address) => number | undefined): MarketPartReader<BalancerWeightedPool[], BalancerWeightedPool> {
  const lower = (a: string) => a.toLowerCase() as Address
  if (pools.length > 0 && !vault) throw new BaseError('The manifest lists Balancer V2 pools but no venues["balancer-v2"].vault')
  const calls: StaticCall[] = pools.flatMap((p) => [
    { to: lower(vault!), data: encodeFunctionData({ abi, functionName: 'getPoolTokens', args: [p.id as Hex] }) },
    { to: lower(p.address), data: FEE },
    { to: lower(p.address), data: SCALING },
  ])
  const chunks: StaticCall[][] = []
  for (let i = 0; i < calls.length; i += CALLS_PER_LENS) chunks.push(calls.slice(i, i + CALLS_PER_LENS))
  const bytecode = chunks.length > 0 ? loadArtifact('StaticCallLens').bytecode : '0x'
  const encoded = chunks.map((c) => encodeStaticCallLens(bytecode, c, MAX_RETURN, 200_000))
  let statics: Array<{ weights: [bigint, bigint]; powShortcuts: boolean }> | undefined

  const fail = (p: ManifestPool, what: string) => new BaseError(`Balancer pool ${p.address} (${p.id}): ${what}`)
  const scalingOf = (p: ManifestPool, token: Address) => {
    const decimals = decimalsOf(token)
    if (decimals === undefined) throw fail(p, `no getScalingFactors() and no decimals of ${token} in the manifest`)
    return 10n ** BigInt(18 - decimals) * 10n ** 18n
  }

  return {
    async init(rpc, tag) {
      if (statics || pools.length === 0) return
      const answers = await staticCalls(rpc, pools.flatMap((p) => [{ to: lower(p.address), data: WEIGHTS }, { to: lower(p.address), data: VERSION }]), { block: tag, maxReturn: 256 })
      statics = pools.map((p, i) => {
        const w = answers[2 * i]!
        if (!w.ok) throw fail(p, 'getNormalizedWeights() failed: not a weighted pool')
        const [weights] = decodeAbiParameters([{ type: 'uint256[]' }], w.data)
        if (weights.length !== 2) throw fail(p, `${weights.length} tokens; the engine trades two-token weighted pools`)
        // Pools from 2022 on answer version() and take FixedPoint.powUp's shortcuts; the 2021 ones do neither.
        return { weights: [weights[0]!, weights[1]!], powShortcuts: answers[2 * i + 1]!.ok }
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
      return pools.map((p, i): BalancerWeightedPool => {
        const [tokens, fee, scaling] = [results[3 * i]!, results[3 * i + 1]!, results[3 * i + 2]!]
        if (!tokens.ok || !fee.ok) throw fail(p, 'getPoolTokens or getSwapFeePercentage failed')
        const [addresses, balances] = decodeAbiParameters([{ type: 'address[]' }, { type: 'uint256[]' }, { type: 'uint256' }], tokens.data)
        // 2021 pools have no getScalingFactors(): their factors are 10^(18 - decimals) (as 18-decimal numbers here).
        const factors = scaling.ok ? decodeAbiParameters([{ type: 'uint256[]' }], scaling.data)[0] : [p.token0, p.token1].map((t) => scalingOf(p, lower(t)))
        if (addresses.length !== 2 || lower(addresses[0]!) !== lower(p.token0) || lower(addresses[1]!) !== lower(p.token1)) {
          throw fail(p, `the Vault lists tokens ${addresses.join(', ')}, the manifest ${p.token0}, ${p.token1}`)
        }
        const s = statics![i]!
        return {
          kind: 'balancer',
          address: lower(p.address),
          venue: p.venue,
          poolId: p.id as Hex,
          vault: lower(vault!),
          token0: lower(p.token0),
          token1: lower(p.token1),
          balance0: balances[0]!,
          balance1: balances[1]!,
          weight0: s.weights[0],
          weight1: s.weights[1],
          scaling0: factors[0]!,
          scaling1: factors[1]!,
          swapFee: BigInt(fee.data),
          powShortcuts: s.powShortcuts,
        }
      })
    },
  }
}
