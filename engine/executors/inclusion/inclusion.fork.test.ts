import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeDeployData, encodeFunctionData, type Address, type Hex } from 'viem'
import { arbExecutorAbi } from '../../abi/arbExecutor.js'
import { createRpcClient } from '../../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../../chain/startAnvil.js'
import { waitForReceipt } from '../../chain/waitForReceipt.js'
import { parseConfig } from '../../config/parseConfig.js'
import { deployDevnet } from '../../devnet/deployDevnet.js'
import { loadArtifact } from '../../devnet/loadArtifact.js'
import type { Manifest } from '../../devnet/manifest.js'
import { dumpWethOnV2, TRADER } from '../../devnet/testing/dumpOnV2.js'
import { createMarketReader } from '../../market/createMarketReader.js'
import type { Opportunity } from '../../market/types.js'
import { detect } from '../../pipeline/detect.js'
import { resolveStrategies } from '../../pipeline/resolveStrategies.js'
import type { HistoryBlock } from '../../sources/types.js'
import { encodeArbCall } from '../arbExecutor/encodeArbCall.js'
import { createForkExecutor } from '../createForkExecutor.js'
import type { ExecutionResult } from '../Executor.js'
import type { InclusionModel } from './InclusionModel.js'

/** Account 3 of the default mnemonic: sends an unrelated transaction that pays a low tip. */
const BYSTANDER: Address = '0x90f79bf6eb2c4f870365e785982e1f101e93b906'
const GWEI = 10n ** 9n

let chain: Anvil
let manifest: Manifest
let found: HistoryBlock
let opportunity: Opportunity
let rivalTx: Hex
let bystanderTx: Hex

/**
 * Block N holds a mispricing (a WETH dump on the Uniswap V2 pair). Block N+1 holds a rival searcher's backrun of
 * the same route through its own ArbExecutor, tipping 5 gwei, and a bystander's transfer tipping 0.5 gwei.
 */
beforeAll(async () => {
  chain = await startAnvil()
  manifest = await deployDevnet(chain)
  const rpc = createRpcClient(chain.rpcUrl)
  const artifact = loadArtifact('ArbExecutor')
  const deploy = await rpc.request<Hex>('eth_sendTransaction', [
    { from: TRADER, data: encodeDeployData({ abi: arbExecutorAbi, bytecode: artifact.bytecode, args: [TRADER, manifest.aave.pool as Address] }), gas: '0x4c4b40' },
  ])
  const rivalExecutor = (await waitForReceipt(rpc, deploy)) as unknown as { contractAddress: Address }
  await dumpWethOnV2(chain, manifest, 'uniswap-v2', 'USDC', 400n * 10n ** 18n)
  const header = await chain.publicClient.getBlock()
  found = { number: header.number, hash: header.hash, timestamp: header.timestamp, baseFee: header.baseFeePerGas! }
  const state = await createMarketReader({ rpc, manifest }).read(found)
  const config = parseConfig({ strategies: [{ name: 'spatial' }], execution: { mode: 'flash' } })
  opportunity = detect(state, resolveStrategies(config, manifest, {}), performance.now(), 1)[0]!.opportunity

  await rpc.request('evm_setAutomine', [false])
  const fee = (tip: bigint) => ({ maxFeePerGas: `0x${(found.baseFee * 2n + tip).toString(16)}`, maxPriorityFeePerGas: `0x${tip.toString(16)}` })
  rivalTx = await rpc.request<Hex>('eth_sendTransaction', [
    { from: TRADER, to: rivalExecutor.contractAddress, data: encodeArbCall(opportunity, 'flash', 1n, 0), gas: '0x2dc6c0', ...fee(5n * GWEI) },
  ])
  bystanderTx = await rpc.request<Hex>('eth_sendTransaction', [{ from: BYSTANDER, to: BYSTANDER, value: '0x1', gas: '0x5208', ...fee(GWEI / 2n) }])
  await rpc.request('evm_mine')
  await rpc.request('evm_setAutomine', [true])
  const next = await rpc.request<{ transactions: Hex[] }>('eth_getBlockByNumber', ['latest', false])
  // The source's block N+1: the rival first (it pays more), then the bystander; the rival took the opportunity.
  expect(next.transactions).toEqual([rivalTx, bystanderTx])
  expect((await waitForReceipt(rpc, rivalTx)).status).toBe('0x1')
}, 180_000)

afterAll(async () => {
  await chain?.stop()
})

/**
 * Simulates the opportunity at block N (what the searcher knew), then executes it under `inclusion` with `tip`
 * (`at`: another block and opportunity; `bundle`: sent as a bundle).
 */
async function land(
  inclusion: InclusionModel,
  tip: bigint,
  options: { at?: { found: HistoryBlock; opportunity: Opportunity }; bundle?: boolean } = {},
): Promise<{ simulated: bigint; ex: ExecutionResult }> {
  const at = options.at ?? { found, opportunity }
  const executor = await createForkExecutor({ sourceRpcUrl: chain.rpcUrl, manifest, inclusion })
  try {
    await executor.moveTo(at.found)
    const sim = await executor.simulate(at.opportunity, 'flash', 0)
    if (!sim.success) throw new Error(`simulation failed: ${sim.error}`)
    const ex = await executor.execute({ opportunity: at.opportunity, mode: 'flash', simulated: sim, minProfit: sim.profit, bidBps: 0, priorityFee: tip, bundle: options.bundle ?? false })
    return { simulated: sim.profit, ex }
  } finally {
    await executor.close()
  }
}

describe('inclusion models on a fork: where the trade lands among block N+1’s real transactions', () => {
  it('priority, bidding less than the rival: lands behind it and is outbid, the rival’s hash recorded', async () => {
    const { ex } = await land({ kind: 'priority' }, GWEI)
    expect(ex.success).toBe(false)
    expect(ex.error).toMatch(/^Unprofitable\(/)
    expect(ex.landing).toMatchObject({ model: 'priority', block: found.number + 1n, position: 1, ahead: 1, rival: rivalTx, outcome: 'outbid', replayFailures: 0 })
    expect(ex.realizedProfit).toBe(0n)
    expect(ex.gasUsed).toBeGreaterThan(0n) // a reverted trade still pays its gas
  }, 60_000)

  it('priority, bidding more than the rival: lands first and realizes exactly what it simulated', async () => {
    const { ex, simulated } = await land({ kind: 'priority' }, 10n * GWEI)
    expect(ex.success, ex.error ?? '').toBe(true)
    expect(ex.landing).toMatchObject({ position: 0, ahead: 0, rival: null, outcome: 'won', replayFailures: 0 })
    expect(ex.realizedProfit).toBe(simulated)
  }, 60_000)

  it('end: whatever it pays, it meets the state after the rival and the bystander', async () => {
    const { ex } = await land({ kind: 'end' }, 10n * GWEI)
    expect(ex.success).toBe(false)
    expect(ex.landing).toMatchObject({ model: 'end', position: 2, ahead: 2, rival: rivalTx, outcome: 'outbid' })
  }, 60_000)

  it('index:0 lands first; delay:1 meets the state after block N+1 alone, with nobody ahead to blame', async () => {
    const first = await land({ kind: 'index', index: 0 }, 0n)
    expect(first.ex.landing).toMatchObject({ model: 'index:0', position: 0, outcome: 'won' })
    expect(first.ex.realizedProfit).toBe(first.simulated)
    const late = await land({ kind: 'delay', blocks: 1 }, 10n * GWEI)
    expect(late.ex.success).toBe(false)
    expect(late.ex.landing).toMatchObject({ model: 'delay:1', block: found.number + 2n, position: 0, rival: null, outcome: 'reverted' })
  }, 60_000)

  it('as a bundle, outbid: the builder leaves it out, so it pays nothing, and the landing says why', async () => {
    const { ex } = await land({ kind: 'priority' }, GWEI, { bundle: true })
    expect(ex).toMatchObject({ success: false, txHash: null, realizedProfit: 0n, gasUsed: 0n, builderPayment: 0n, error: 'bundle not included' })
    expect(ex.landing).toMatchObject({ model: 'priority', rival: rivalTx, outcome: 'outbid' })
    const won = await land({ kind: 'priority' }, 10n * GWEI, { bundle: true })
    expect(won.ex.success).toBe(true)
    expect(won.ex.gasUsed).toBeGreaterThan(0n)
    expect(won.ex.realizedProfit).toBe(won.simulated)
  }, 60_000)

  it('our own ArbExecutor’s transaction in N+1 (a live run’s trade) is left out of the replay, not taken for a rival', async () => {
    const rpc = createRpcClient(chain.rpcUrl)
    await dumpWethOnV2(chain, manifest, 'uniswap-v2', 'USDC', 400n * 10n ** 18n)
    const header = await chain.publicClient.getBlock()
    const at = { found: { number: header.number, hash: header.hash, timestamp: header.timestamp, baseFee: header.baseFeePerGas! } as HistoryBlock, opportunity }
    const state = await createMarketReader({ rpc, manifest }).read(at.found)
    const config = parseConfig({ strategies: [{ name: 'spatial' }], execution: { mode: 'flash' } })
    at.opportunity = detect(state, resolveStrategies(config, manifest, {}), performance.now(), 1)[0]!.opportunity
    // Block N+1: the executor's owner (the deployer) trades the same route through our executor, tipping 5 gwei.
    await rpc.request('evm_setAutomine', [false])
    const fee = `0x${(at.found.baseFee * 2n + 5n * GWEI).toString(16)}`
    const ours = await rpc.request<Hex>('eth_sendTransaction', [
      { from: manifest.deployer, to: manifest.executor, data: encodeArbCall(at.opportunity, 'flash', 1n, 0), gas: '0x2dc6c0', maxFeePerGas: fee, maxPriorityFeePerGas: `0x${(5n * GWEI).toString(16)}` },
    ])
    await rpc.request('evm_mine')
    await rpc.request('evm_setAutomine', [true])
    expect((await waitForReceipt(rpc, ours)).status).toBe('0x1')
    // Bidding less than that transaction, the replayed trade still lands first and wins: the block is replayed without it.
    const { ex, simulated } = await land({ kind: 'priority' }, GWEI, { at })
    expect(ex.success, ex.error ?? '').toBe(true)
    expect(ex.landing).toMatchObject({ position: 0, ahead: 0, rival: null, outcome: 'won', replayFailures: 0 })
    expect(ex.realizedProfit).toBe(simulated)
  }, 90_000)

  it('top is the optimistic bound: alone at the top of N+1, it wins', async () => {
    const { ex, simulated } = await land({ kind: 'top' }, 0n)
    expect(ex.landing).toMatchObject({ model: 'top', position: 0, outcome: 'won' })
    expect(ex.realizedProfit).toBe(simulated)
  }, 60_000)
})

describe('the builder payment on a fork', () => {
  it('pays the bid share of the gain to the coinbase; what stays plus the payment is the gain', async () => {
    const executor = await createForkExecutor({ sourceRpcUrl: chain.rpcUrl, manifest, inclusion: { kind: 'priority' } })
    try {
      await executor.moveTo(found)
      const plain = await executor.simulate(opportunity, 'flash', 0)
      const bid = await executor.simulate(opportunity, 'flash', 6_000)
      if (!plain.success || !bid.success) throw new Error('simulation failed')
      expect(bid.payment).toBe((plain.profit * 6_000n) / 10_000n)
      expect(bid.profit + bid.payment).toBe(plain.profit)
      // Paying 60% of ~the gain per gas outbids the rival's 5 gwei tip even with no tip of its own.
      const ex = await executor.execute({ opportunity, mode: 'flash', simulated: bid, minProfit: bid.profit, bidBps: 6_000, priorityFee: 0n })
      expect(ex.success, ex.error ?? '').toBe(true)
      expect(ex.landing).toMatchObject({ position: 0, outcome: 'won' })
      expect(ex.builderPayment).toBe(bid.payment)
      expect(ex.realizedProfit).toBe(bid.profit)
    } finally {
      await executor.close()
    }
  }, 60_000)
})
