import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { startRpcProxy, type RpcProxy } from '../chain/testing/startRpcProxy.js'
import { parseConfig } from '../config/parseConfig.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest } from '../devnet/manifest.js'
import { dumpWethOnV2 } from '../devnet/testing/dumpOnV2.js'
import { createMarketReader } from '../market/createMarketReader.js'
import type { Opportunity } from '../market/types.js'
import { detect } from '../pipeline/detect.js'
import { readInventory } from '../pipeline/readInventory.js'
import { resolveStrategies } from '../pipeline/resolveStrategies.js'
import type { HistoryBlock } from '../sources/types.js'
import { createForkExecutor } from './createForkExecutor.js'
import type { ExecutionMode } from './Executor.js'

let chain: Anvil
let manifest: Manifest
let block: HistoryBlock
const opportunity = {} as Record<ExecutionMode, Opportunity>
const proxies: RpcProxy[] = []

beforeAll(async () => {
  chain = await startAnvil()
  manifest = await deployDevnet(chain)
  await dumpWethOnV2(chain, manifest, 'uniswap-v2', 'USDC', 400n * 10n ** 18n)
  const header = await chain.publicClient.getBlock()
  block = { number: header.number, hash: header.hash, timestamp: header.timestamp, baseFee: header.baseFeePerGas! }
  const rpc = createRpcClient(chain.rpcUrl)
  const state = await createMarketReader({ rpc, manifest }).read(block)
  const config = parseConfig({ strategies: [{ name: 'spatial' }], execution: { mode: 'flash' } })
  const flash = detect(state, resolveStrategies(config, manifest, {}), performance.now(), 1)[0]!.opportunity
  // A capital trade can only spend what the executor holds: the same route, smaller (still profitable).
  const held = (await readInventory(rpc, config, manifest, block.number))[flash.route.startToken] ?? 0n
  opportunity.flash = flash
  opportunity.capital = { ...flash, amountIn: flash.amountIn < held ? flash.amountIn : held / 2n }
}, 120_000)

afterAll(async () => {
  for (const p of proxies) await p.close()
  await chain?.stop()
})

/** Simulates and executes the planted opportunity on a fresh fork of `sourceUrl`; counts what the source served during the trade. */
async function trade(proxy: RpcProxy, mode: ExecutionMode) {
  const executor = await createForkExecutor({ sourceRpcUrl: proxy.url, manifest })
  try {
    const o = opportunity[mode]
    await executor.moveTo(block)
    const sim = await executor.simulate(o, mode)
    if (!sim.success) throw new Error(`simulation failed: ${sim.error}`)
    const before = new Map(proxy.counts)
    const ex = await executor.execute({ opportunity: o, mode, simulated: sim, minProfit: 1n, bidBps: 0, priorityFee: 0n })
    const served = (m: string) => (proxy.counts.get(m) ?? 0) - (before.get(m) ?? 0)
    const storageFetches = served('eth_getStorageAt')
    const traces = served('debug_traceCall')
    // Three times the optimal input overshoots: the route loses, and the simulation reports the revert.
    const revert = await executor.simulate({ ...o, amountIn: opportunity.flash.amountIn * 3n }, mode)
    return { sim, ex, storageFetches, traces, revert }
  } finally {
    await executor.close()
  }
}

describe('createForkExecutor', () => {
  it.each(['flash', 'capital'] as const)(
    'realizes on a fresh fork exactly what it simulated, profit and gas, with the storage seeded from one source trace (%s)',
    async (mode) => {
      const proxy = await startRpcProxy(chain.rpcUrl)
      proxies.push(proxy)
      const { sim, ex, storageFetches, traces, revert } = await trade(proxy, mode)
      expect(ex.success).toBe(true)
      expect(sim.success && sim.profit).toBeGreaterThan(0n)
      expect(ex.realizedProfit).toBe(sim.success && sim.profit)
      // The simulation ran in the environment of the block the trade was mined in: same gas to the unit.
      expect(ex.gasUsed).toBe(sim.success && sim.gasUsed)
      if (mode === 'flash') expect(ex.flashFee).toBeGreaterThan(0n)
      // The trade's storage came from the prestate trace, not from one fetch per slot while it ran (Anvil still
      // reads its block-hash history contract, EIP-2935, when it mines).
      expect(traces).toBe(1)
      expect(storageFetches).toBeLessThanOrEqual(2)
      // A flash loan covers any size, so the overshoot fails on profit; capital may run out of inventory first.
      expect(revert).toEqual({ success: false, error: mode === 'flash' ? expect.stringMatching(/^Unprofitable\(/) : expect.any(String) })
    },
    60_000,
  )

  it('sends the trade with the minProfit it is given: one above what the route can make reverts (Unprofitable), costing only gas', async () => {
    const executor = await createForkExecutor({ sourceRpcUrl: chain.rpcUrl, manifest })
    try {
      await executor.moveTo(block)
      const o = opportunity.flash
      const sim = await executor.simulate(o, 'flash')
      if (!sim.success) throw new Error(`simulation failed: ${sim.error}`)
      const ex = await executor.execute({ opportunity: o, mode: 'flash', simulated: sim, minProfit: sim.profit + 1n, bidBps: 0, priorityFee: 0n })
      expect(ex.success).toBe(false)
      expect(ex.txHash).not.toBeNull()
      expect(ex.realizedProfit).toBe(0n)
      expect(ex.gasUsed).toBeGreaterThan(0n)
      expect(ex.error).toMatch(/^Unprofitable\(/)
    } finally {
      await executor.close()
    }
  }, 60_000)

  it('falls back to eth_call and eth_estimateGas on a node without debug methods, with the same profit', async () => {
    const full = await startRpcProxy(chain.rpcUrl)
    const bare = await startRpcProxy(chain.rpcUrl, { refuse: (m) => m.startsWith('debug_') })
    proxies.push(full, bare)
    const seeded = await trade(full, 'flash')
    const plain = await trade(bare, 'flash')
    expect(plain.traces).toBe(0)
    expect(bare.counts.get('eth_estimateGas')).toBeGreaterThan(0)
    expect(plain.ex.success).toBe(true)
    expect(plain.ex.realizedProfit).toBe(seeded.ex.realizedProfit)
    expect(plain.sim.success && plain.sim.profit).toBe(plain.ex.realizedProfit)
    // Without a trace to seed from, the fork fetches each slot the trade touches from the source.
    expect(plain.storageFetches).toBeGreaterThan(3 * Math.max(seeded.storageFetches, 5))
    expect(plain.revert).toEqual({ success: false, error: expect.stringMatching(/^Unprofitable\(/) })
  }, 60_000)
})
