import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest, ManifestPool } from '../devnet/manifest.js'
import { dumpWethOnBalancer } from '../devnet/testing/swapOnBalancer.js'
import { createForkExecutor } from '../executors/createForkExecutor.js'
import { createMarketReader } from '../market/createMarketReader.js'
import type { MarketState, Opportunity } from '../market/types.js'
import { quoteRoute } from '../math/quoteRoute.js'
import type { HistoryBlock } from '../sources/types.js'
import { spatial } from './spatial.js'
import { triangular } from './triangular.js'

let chain: Anvil
let manifest: Manifest
let triple: ManifestPool
let block: HistoryBlock
let state: MarketState

beforeAll(async () => {
  chain = await startAnvil()
  manifest = await deployDevnet(chain)
  triple = manifest.pools.find((p) => p.tokens?.length === 3)!
  // WETH dumped for DAI in the three-token pool: WETH is cheap there against DAI (and, through the pool's third
  // token, against USDC), and the other venues still price it at the reference.
  await dumpWethOnBalancer(chain, manifest.venues['balancer-v2']!.vault, triple, manifest.tokens.WETH!.address, manifest.tokens.DAI!.address, 25n * 10n ** 18n)
  const header = await chain.publicClient.getBlock()
  block = { number: header.number, hash: header.hash, timestamp: header.timestamp, baseFee: header.baseFeePerGas! }
  state = await createMarketReader({ rpc: createRpcClient(chain.rpcUrl), manifest }).read(block)
}, 180_000)

afterAll(async () => {
  await chain?.stop()
})

const throughTriple = (o: Opportunity) => o.route.hops.some((h) => h.pool.kind === 'balancer' && h.pool.address === triple.address)

describe('a Balancer pool of three tokens on the devnet', () => {
  it('strategies find routes through its pairs, and the fork executor realizes exactly what was simulated and quoted', async () => {
    const weth = manifest.tokens.WETH!.address
    const found = [...spatial(state, { startTokens: [weth] }), ...triangular(state, { startTokens: [weth] })].filter(throughTriple)
    const pairsUsed = new Set(found.flatMap((o) => o.route.hops.filter((h) => h.pool.kind === 'balancer' && h.pool.address === triple.address).map((h) => `${h.tokenIn}>${h.tokenOut}`)))
    // WETH is bought in the pool with DAI (spatial) and with USDC (triangular through the pool's other pairs).
    expect(pairsUsed).toContain(`${manifest.tokens.DAI!.address}>${weth}`)
    expect(pairsUsed.size).toBeGreaterThanOrEqual(2)
    for (const o of found) expect(o.expectedOut).toBe(quoteRoute(o.route, o.amountIn))

    const best = found.reduce((a, b) => (b.expectedProfit > a.expectedProfit ? b : a))
    for (const mode of ['capital', 'flash'] as const) {
      const executor = await createForkExecutor({ sourceRpcUrl: chain.rpcUrl, manifest })
      try {
        await executor.moveTo(block)
        const sim = await executor.simulate(best, mode)
        if (!sim.success) throw new Error(`${mode} simulation failed: ${sim.error}`)
        // Capital: the route's gross profit is the quote; a flash loan's fee comes off it.
        expect(sim.profit, mode).toBe(best.expectedProfit - (mode === 'flash' ? best.flash!.fee : 0n))
        const ex = await executor.execute({ opportunity: best, mode, simulated: sim, minProfit: 1n, bidBps: 0, priorityFee: 0n })
        expect(ex.success, mode).toBe(true)
        expect(ex.realizedProfit, mode).toBe(sim.profit)
      } finally {
        await executor.close()
      }
    }
  }, 120_000)
})
