import { encodeFunctionData, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uniswapV2PairAbi } from '../../abi/uniswapV2Pair.js'
import { uniswapV3PoolAbi } from '../../abi/uniswapV3Pool.js'
import { createRpcClient } from '../../chain/createRpcClient.js'
import { generateScenario, type GeneratedScenario } from './generateScenario.js'
import { readMarket } from './readMarket.js'
import { toScenarioPools } from './toScenarioPools.js'

describe('readMarket', () => {
  let g: GeneratedScenario
  beforeAll(async () => {
    g = await generateScenario({ scenario: 'volatile', blocks: 8, seed: 2 })
  })
  afterAll(async () => {
    await g?.anvil.stop()
  })

  it('reads from storage slots exactly what getReserves, slot0 and liquidity return', async () => {
    const pools = toScenarioPools(g.manifest)
    const { header, states } = await readMarket(createRpcClient(g.anvil.rpcUrl), pools)
    expect(header.number).toBe(g.head.number)
    expect(header.hash).toBe(g.head.hash)
    for (const [i, p] of pools.entries()) {
      const s = states[i]!
      if (p.kind === 'v2') {
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
