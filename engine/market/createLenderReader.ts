import { decodeFunctionResult, encodeFunctionData, parseAbi, type Hex } from 'viem'
import { aavePoolAbi } from '../abi/aavePool.js'
import type { RpcRequest } from '../chain/createRpcClient.js'
import type { Manifest } from '../devnet/manifest.js'
import { loadArtifact } from '../devnet/loadArtifact.js'
import { decodeStaticCallLens, encodeStaticCallLens, type StaticCall } from '../universe/staticCalls.js'
import type { FlashLender } from './flashLenders.js'
import { lensCall } from './lensCall.js'
import type { MarketPartReader } from './MarketPartReader.js'
import type { Address } from './types.js'

const abi = parseAbi([
  'function balanceOf(address) view returns (uint256)',
  'function getProtocolFeesCollector() view returns (address)',
  'function getFlashLoanFeePercentage() view returns (uint256)',
  'function FLASHLOAN_PREMIUM_TOTAL() view returns (uint128)',
])
const lower = (a: string) => a.toLowerCase() as Address
const balanceOf = (token: Address, holder: Address): StaticCall => ({ to: token, data: encodeFunctionData({ abi, functionName: 'balanceOf', args: [holder] }) })

/**
 * Reads, per block and in the market reader's batch, what each flash lender of the manifest can lend of each
 * token and its fee (nothing carries over between blocks). Lenders: Aave V3 (a reserve's available liquidity is the underlying held by its aToken; premium
 * FLASHLOAN_PREMIUM_TOTAL), Balancer V2's Vault (its token balances; fee from the ProtocolFeesCollector) and
 * Uniswap V4's PoolManager (its token balances; no fee). Tokens are the manifest's.
 */
export function createLenderReader(manifest: Manifest): MarketPartReader<FlashLender[], FlashLender> {
  const tokens = Object.values(manifest.tokens).map((t) => lower(t.address))
  const aavePool = manifest.aave?.pool ? lower(manifest.aave.pool) : undefined
  const vault = manifest.venues['balancer-v2'] ? lower(manifest.venues['balancer-v2'].vault) : undefined
  const manager = manifest.venues['uniswap-v4'] ? lower(manifest.venues['uniswap-v4'].poolManager) : undefined
  let aTokens: Map<Address, Address> | undefined
  let collector: Address | undefined
  let calls: StaticCall[] = []
  let encoded: Hex | undefined

  return {
    async init(rpc, tag) {
      if (aTokens) return
      aTokens = new Map()
      const requests: RpcRequest[] = []
      if (aavePool) for (const t of tokens) requests.push({ method: 'eth_call', params: [{ to: aavePool, data: encodeFunctionData({ abi: aavePoolAbi, functionName: 'getReserveData', args: [t] }) }, tag] })
      if (vault) requests.push({ method: 'eth_call', params: [{ to: vault, data: encodeFunctionData({ abi, functionName: 'getProtocolFeesCollector' }) }, tag] })
      const answers = requests.length > 0 ? await rpc.batch<Hex[]>(requests) : []
      if (aavePool) {
        tokens.forEach((t, i) => {
          const data = decodeFunctionResult({ abi: aavePoolAbi, functionName: 'getReserveData', data: answers[i]! })
          const aToken = lower(data.aTokenAddress)
          if (aToken !== '0x0000000000000000000000000000000000000000') aTokens!.set(t, aToken)
        })
      }
      if (vault) collector = lower(decodeFunctionResult({ abi, functionName: 'getProtocolFeesCollector', data: answers[answers.length - 1]! }))
      calls = [
        ...(aavePool ? [{ to: aavePool, data: encodeFunctionData({ abi, functionName: 'FLASHLOAN_PREMIUM_TOTAL' }) }] : []),
        ...[...aTokens].map(([t, a]) => balanceOf(t, a)),
        ...(vault ? [{ to: collector!, data: encodeFunctionData({ abi, functionName: 'getFlashLoanFeePercentage' }) }, ...tokens.map((t) => balanceOf(t, vault))] : []),
        ...(manager ? tokens.map((t) => balanceOf(t, manager)) : []),
      ]
      // One lens call: 2 words per answer, so up to 383 reads; manifests list far fewer tokens than that.
      if (calls.length > 0 && calls.length <= 383) encoded = encodeStaticCallLens(loadArtifact('StaticCallLens').bytecode, calls, 32, 100_000)
    },
    requests(tag) {
      return encoded ? [lensCall(encoded, tag)] : []
    },
    apply: (fetched) => fetched,
    async fetch(_rpc, answers) {
      if (!encoded || answers.length === 0) return []
      const results = decodeStaticCallLens(answers[0] as Hex, calls.length)
      const value = (i: number) => (results[i]!.ok && results[i]!.data.length === 66 ? BigInt(results[i]!.data) : 0n)
      const lenders: FlashLender[] = []
      let k = 0
      if (aavePool) {
        const premium = value(k++)
        const available = new Map<Address, bigint>()
        for (const t of aTokens!.keys()) available.set(t, value(k++))
        lenders.push({ source: 'aave-v3', lender: aavePool, available, feeRate: premium })
      }
      if (vault) {
        const fee = value(k++)
        lenders.push({ source: 'balancer-v2', lender: vault, available: new Map(tokens.map((t) => [t, value(k++)])), feeRate: fee })
      }
      if (manager) lenders.push({ source: 'uniswap-v4', lender: manager, available: new Map(tokens.map((t) => [t, value(k++)])), feeRate: 0n })
      return lenders
    },
  }
}
