import { decodeFunctionResult, encodeFunctionData, parseAbi, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uniswapV2PairAbi } from '../../abi/uniswapV2Pair.js'
import { uniswapV3PoolAbi } from '../../abi/uniswapV3Pool.js'
import { createRpcClient } from '../../chain/createRpcClient.js'
import { generateScenario, type GeneratedScenario } from './generateScenario.js'
import { readMarket } from './readMarket.js'
import { toScenarioPools } from './toScenarioPools.js'
import { v4StateSlot } from '../../universe/v4StateSlot.js'

const abi = parseAbi([
  'function getPoolTokens(bytes32) view returns (address[], uint256[], uint256)',
  'function getNormalizedWeights() view returns (uint256[])',
  'function extsload(bytes32 startSlot, uint256 nSlots) view returns (bytes32[])',
])

describe('readMarket', () => {
  let g: GeneratedScenario
  beforeAll(async () => {
    g = await generateScenario({ scenario: 'volatile', blocks: 8, seed: 2 })
  })
  afterAll(async () => {
    await g?.anvil.stop()
  })

  it('reads from storage slots exactly what getReserves, slot0, liquidity and the V4 PoolManager return, and Balancer balances and weights', async () => {
    const pools = toScenarioPools(g.manifest)
    const { header, states } = await readMarket(createRpcClient(g.anvil.rpcUrl), pools)
    expect(header.number).toBe(g.head.number)
    expect(header.hash).toBe(g.head.hash)
    const call = async (to: Hex, data: Hex) => g.anvil.request<Hex>('eth_call', [{ to, data }, 'latest'])
    expect(new Set(pools.map((p) => p.venue))).toEqual(new Set(['uniswap-v2', 'sushiswap', 'uniswap-v3', 'uniswap-v4', 'balancer-v2']))
    for (const [i, p] of pools.entries()) {
      const s = states[i]!
      if (p.kind === 'weighted') {
        const [, balances] = decodeFunctionResult({ abi, functionName: 'getPoolTokens', data: await call(g.manifest.venues['balancer-v2']!.vault, encodeFunctionData({ abi, functionName: 'getPoolTokens', args: [p.id!] })) })
        const weights = decodeFunctionResult({ abi, functionName: 'getNormalizedWeights', data: await call(p.address, encodeFunctionData({ abi, functionName: 'getNormalizedWeights' })) })
        expect(s).toEqual({ kind: 'weighted', balance0: balances[0], balance1: balances[1], weight0: weights[0], weight1: weights[1] })
      } else if (p.venue === 'uniswap-v4') {
        // StateLibrary's reads: slot0 at the pool's state slot, liquidity 3 slots on.
        const [slot0, , , liquidity] = decodeFunctionResult({ abi, functionName: 'extsload', data: await call(p.address, encodeFunctionData({ abi, functionName: 'extsload', args: [`0x${v4StateSlot(p.id!).toString(16).padStart(64, '0')}`, 4n] })) })
        const word = BigInt(slot0!)
        expect(s).toEqual({ kind: 'v3', sqrtPriceX96: word & ((1n << 160n) - 1n), tick: Number(BigInt.asIntN(24, word >> 160n)), liquidity: BigInt(liquidity!) })
        expect((s as { liquidity: bigint }).liquidity).toBeGreaterThan(0n)
      } else if (p.kind === 'v2') {
        const r = await g.anvil.request<Hex>('eth_call', [{ to: p.address, data: encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'getReserves' }) }, 'latest'])
        expect(s).toEqual({ kind: 'v2', reserve0: BigInt(r.slice(0, 66)), reserve1: BigInt(`0x${r.slice(66, 130)}`) })
      } else {
        const slot0 = await g.anvil.request<Hex>('eth_call', [{ to: p.address, data: encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'slot0' }) }, 'latest'])
        const liquidity = await g.anvil.request<Hex>('eth_call', [{ to: p.address, data: encodeFunctionData({ abi: uniswapV3PoolAbi, functionName: 'liquidity' }) }, 'latest'])
        expect(s).toEqual({
          kind: 'v3',
          sqrtPriceX96: BigInt(slot0.slice(0, 66)),
          tick: Number(BigInt.asIntN(256, BigInt(`0x${slot0.slice(66, 130)}`))),
          liquidity: BigInt(liquidity),
        })
      }
    }
  })
})
