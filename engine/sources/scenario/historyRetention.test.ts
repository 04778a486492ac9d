import { decodeAbiParameters, encodeFunctionData, toEventSelector, type Hex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uniswapV2PairAbi } from '../../abi/uniswapV2Pair.js'
import { startAnvil, type Anvil } from '../../chain/startAnvil.js'
import { generateScenario, type GeneratedScenario } from './generateScenario.js'
import { scenarioActors } from './scenarioActors.js'
import { scenarioAnvilOptions } from './scenarioAnvilOptions.js'

const hex = (n: bigint) => `0x${n.toString(16)}`
const GET_RESERVES = encodeFunctionData({ abi: uniswapV2PairAbi, functionName: 'getReserves' })
const SYNC = toEventSelector('Sync(uint112,uint112)')

// The backtester forks the scenario node at any past block and eth_calls there. Without
// scenarioAnvilOptions' --prune-history N, Anvil keeps 500 states in memory and up to 3,600 on disk;
// 2,000 blocks plus ~190 of deployment is past the in-memory window.
describe('scenario history after 2,000 blocks', () => {
  const BLOCKS = 2_000
  const EARLY = 5
  let anvil: Anvil
  let g: GeneratedScenario
  let fork: Anvil | undefined
  let balanceThen: Promise<Hex> | undefined
  let earlyBlock = 0n

  beforeAll(async () => {
    anvil = await startAnvil(scenarioAnvilOptions(BLOCKS))
    g = await generateScenario({
      scenario: 'calm',
      blocks: BLOCKS,
      seed: 3,
      anvil,
      onProgress: (done) => {
        // Scenario block EARLY was just mined: read its state now, to compare with the same read later.
        if (done === EARLY + 1) {
          balanceThen = anvil.request<Hex>('eth_blockNumber').then((head) => {
            earlyBlock = BigInt(head)
            return anvil.request<Hex>('eth_getBalance', [scenarioActors.noise, head])
          })
        }
      },
    })
  }, 600_000)
  afterAll(async () => {
    await fork?.stop()
    await anvil?.stop()
  })

  it('answers eth_call at an early block with that block state', async () => {
    expect(g.head.number - g.fromBlock + 1n).toBe(BigInt(BLOCKS))
    const then = await balanceThen!
    expect(earlyBlock).toBe(g.fromBlock + BigInt(EARLY))
    expect(await anvil.request<Hex>('eth_getBalance', [scenarioActors.noise, hex(earlyBlock)])).toBe(then)
    expect(await anvil.request<Hex>('eth_getBalance', [scenarioActors.noise, 'latest'])).not.toBe(then)

    // Each V2 pair's reserves at the early block equal its last Sync event at or before that block.
    for (const pool of g.manifest.pools.filter((p) => p.venue === 'uniswap-v2' || p.venue === 'sushiswap')) {
      const logs = await anvil.request<{ data: Hex }[]>('eth_getLogs', [
        { address: pool.address, topics: [SYNC], fromBlock: '0x0', toBlock: hex(earlyBlock) },
      ])
      const [r0, r1] = decodeAbiParameters([{ type: 'uint112' }, { type: 'uint112' }], logs.at(-1)!.data)
      const call = await anvil.request<Hex>('eth_call', [{ to: pool.address, data: GET_RESERVES }, hex(earlyBlock)])
      const [c0, c1] = decodeAbiParameters([{ type: 'uint112' }, { type: 'uint112' }, { type: 'uint32' }], call)
      expect([c0, c1]).toEqual([r0, r1])
    }
  })

  it('can be forked at an early block by a second Anvil', async () => {
    fork = await startAnvil({ forkUrl: anvil.rpcUrl, forkBlockNumber: earlyBlock })
    for (const pool of g.manifest.pools.filter((p) => p.venue === 'uniswap-v2' || p.venue === 'sushiswap' || p.venue === 'uniswap-v3')) {
      const data = pool.venue === 'uniswap-v3' ? '0x3850c7bd' : GET_RESERVES // slot0() or getReserves()
      const onFork = await fork.request<Hex>('eth_call', [{ to: pool.address, data }, 'latest'])
      expect(onFork).toBe(await anvil.request<Hex>('eth_call', [{ to: pool.address, data }, hex(earlyBlock)]))
    }
    // (Not the actors' ether: a forked Anvil resets its own dev accounts' balances.)
    // Moving the fork to the block right after deployment works too.
    await fork.reset({ blockNumber: BigInt(g.manifest.createdAt!) })
    expect(BigInt(await fork.request<Hex>('eth_blockNumber'))).toBe(BigInt(g.manifest.createdAt!))
  })
})
