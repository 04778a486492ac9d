import { decodeAbiParameters, encodeFunctionData, parseAbi, type Hex } from 'viem'
import type { RpcClient } from '../chain/createRpcClient.js'
import type { Address } from '../market/types.js'
import { staticCalls, type StaticCall } from './staticCalls.js'
import type { DiscoveredPool } from './types.js'
import { decodeV4Slot0, V4_LIQUIDITY_OFFSET, v4StateSlot } from './v4StateSlot.js'

const abi = parseAbi([
  'function getReserves() view returns (uint112, uint112, uint32)',
  'function balanceOf(address) view returns (uint256)',
  'function extsload(bytes32) view returns (bytes32)',
  'function getPoolTokens(bytes32) view returns (address[], uint256[], uint256)',
  'function getSwapFeePercentage() view returns (uint256)',
  'function getNormalizedWeights() view returns (uint256[])',
])
const GET_RESERVES = encodeFunctionData({ abi, functionName: 'getReserves' })
const GET_SWAP_FEE = encodeFunctionData({ abi, functionName: 'getSwapFeePercentage' })
const GET_WEIGHTS = encodeFunctionData({ abi, functionName: 'getNormalizedWeights' })
const Q96 = 1n << 96n
const lower = (a: string) => a.toLowerCase() as Address

/**
 * The pools with their balances at `block` (base units per token, in the pool's token order):
 * V2 `getReserves`; V3 the pool's token balances; V4 the virtual reserves of its in-range liquidity at the
 * current price (L·2^96/√P and L·√P/2^96, from `extsload` of the PoolManager); Balancer the Vault's
 * `getPoolTokens`, which also fills the tokens, plus the swap fee (pips) and the pool type ('weighted' when
 * it answers `getNormalizedWeights`). A read that fails leaves `balances` null. Returns new objects.
 */
export async function readPoolBalances(rpc: RpcClient, pools: readonly DiscoveredPool[], block: bigint, vault?: Address): Promise<DiscoveredPool[]> {
  const tag = `0x${block.toString(16)}` as Hex
  const out = pools.map((p) => ({ ...p, liquidityBlock: block }))

  const v2 = out.filter((p) => p.kind === 'v2')
  const v2Results = await staticCalls(rpc, v2.map((p) => ({ to: p.address, data: GET_RESERVES })), { block: tag, maxReturn: 96 })
  v2.forEach((p, i) => {
    const r = v2Results[i]!
    p.balances = r.ok && r.data.length === 2 + 192 ? [BigInt(r.data.slice(0, 66)), BigInt(`0x${r.data.slice(66, 130)}`)] : null
  })

  const v3 = out.filter((p) => p.kind === 'v3')
  const balanceCalls: StaticCall[] = v3.flatMap((p) => p.tokens.map((t) => ({ to: t, data: encodeFunctionData({ abi, functionName: 'balanceOf', args: [p.address] }) })))
  const v3Results = await staticCalls(rpc, balanceCalls, { block: tag, maxReturn: 32, gasPerCall: 100_000 })
  v3.forEach((p, i) => {
    const [a, b] = [v3Results[2 * i]!, v3Results[2 * i + 1]!]
    p.balances = a.ok && b.ok && a.data.length === 66 && b.data.length === 66 ? [BigInt(a.data), BigInt(b.data)] : null
  })

  const v4 = out.filter((p) => p.kind === 'v4')
  const v4Calls: StaticCall[] = v4.flatMap((p) => {
    const slot = v4StateSlot(p.poolId as Hex)
    return [slot, slot + V4_LIQUIDITY_OFFSET].map((s) => ({ to: p.address, data: encodeFunctionData({ abi, functionName: 'extsload', args: [`0x${s.toString(16).padStart(64, '0')}`] }) }))
  })
  const v4Results = await staticCalls(rpc, v4Calls, { block: tag, maxReturn: 32 })
  v4.forEach((p, i) => {
    const [slot0, liq] = [v4Results[2 * i]!, v4Results[2 * i + 1]!]
    if (!slot0.ok || !liq.ok) return void (p.balances = null)
    const { sqrtPriceX96 } = decodeV4Slot0(BigInt(slot0.data))
    const liquidity = BigInt(liq.data) & ((1n << 128n) - 1n)
    p.balances = sqrtPriceX96 === 0n ? [0n, 0n] : [(liquidity * Q96) / sqrtPriceX96, (liquidity * sqrtPriceX96) / Q96]
  })

  const balancer = out.filter((p) => p.kind === 'balancer')
  if (balancer.length > 0 && vault) {
    const tokenResults = await staticCalls(
      rpc,
      balancer.map((p) => ({ to: vault, data: encodeFunctionData({ abi, functionName: 'getPoolTokens', args: [p.poolId as Hex] }) })),
      { block: tag, maxReturn: 704 },
    )
    const feeResults = await staticCalls(rpc, balancer.map((p) => ({ to: p.address, data: GET_SWAP_FEE })), { block: tag, maxReturn: 32 })
    const weightResults = await staticCalls(rpc, balancer.map((p) => ({ to: p.address, data: GET_WEIGHTS })), { block: tag, maxReturn: 352 })
    balancer.forEach((p, i) => {
      const t = tokenResults[i]!
      if (t.ok) {
        try {
          const [tokens, balances] = decodeAbiParameters([{ type: 'address[]' }, { type: 'uint256[]' }, { type: 'uint256' }], t.data)
          p.tokens = tokens.map(lower)
          p.balances = [...balances]
        } catch {
          p.balances = null
        }
      }
      const fee = feeResults[i]!
      // Balancer fees are 18-decimal fractions: 1e12 is one pip.
      if (fee.ok && fee.data.length === 66) p.fee = Number(BigInt(fee.data) / 10n ** 12n)
      if (weightResults[i]!.ok && p.poolType?.startsWith('specialization-')) p.poolType = 'weighted'
      p.excludedReason = p.tokens.length < 2 ? 'no-tokens' : p.poolType === 'weighted' ? null : 'unsupported-pool-type'
    })
  }
  return out
}
