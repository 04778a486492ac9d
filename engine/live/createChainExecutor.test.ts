import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest'
import type { Hex } from 'viem'
import { privateKeyToAccount } from 'viem/accounts'
import { createRpcClient } from '../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../chain/startAnvil.js'
import { deployDevnet } from '../devnet/deployDevnet.js'
import type { Manifest } from '../devnet/manifest.js'
import { dumpWethOnV2 } from '../devnet/testing/dumpOnV2.js'
import { createMarketReader } from '../market/createMarketReader.js'
import type { Address, Opportunity } from '../market/types.js'
import { spatial } from '../strategies/spatial.js'
import type { SimulatedTrade } from '../executors/Executor.js'
import { createChainExecutor } from './createChainExecutor.js'

// Anvil's account 0 (default mnemonic): the devnet deployer, owner of the executor. A well-known test key.
const OWNER_KEY: Hex = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'

let anvil: Anvil
let manifest: Manifest
let opportunity: Opportunity
let snap: Hex

beforeAll(async () => {
  anvil = await startAnvil()
  manifest = await deployDevnet(anvil)
  await dumpWethOnV2(anvil, manifest, 'uniswap-v2', 'USDC', 300n * 10n ** 18n)
  const number = BigInt(await anvil.request<Hex>('eth_blockNumber'))
  const state = await createMarketReader({ rpc: createRpcClient(anvil.rpcUrl), manifest }).read({ number, timestamp: 0n, baseFee: 0n })
  const weth = manifest.tokens.WETH!.address as Address
  opportunity = spatial(state, { startTokens: [weth] }).sort((a, b) => (b.expectedProfit > a.expectedProfit ? 1 : -1))[0]!
}, 120_000)
afterAll(async () => {
  await anvil?.stop()
})
beforeEach(async () => {
  snap = await anvil.snapshot()
})
afterEach(async () => {
  await anvil.request('evm_setAutomine', [true])
  await anvil.revert(snap)
})

async function head() {
  const b = await anvil.request<{ number: Hex; hash: Hex; timestamp: Hex; baseFeePerGas: Hex }>('eth_getBlockByNumber', ['latest', false])
  return { number: BigInt(b.number), hash: b.hash, timestamp: BigInt(b.timestamp), baseFee: BigInt(b.baseFeePerGas) }
}

describe('createChainExecutor', () => {
  it('replaces a stuck transaction with bumped fees at the same nonce, and only one is mined', async () => {
    expect(opportunity).toBeDefined()
    const account = privateKeyToAccount(OWNER_KEY)
    const ex = createChainExecutor({ rpc: createRpcClient(anvil.rpcUrl), manifest, chainId: 31337, account, stuckAfterMs: 300 })
    ex.setHead(await head())
    const sim = await ex.simulate(opportunity, 'flash')
    expect(sim.success).toBe(true)
    const nonceBefore = BigInt(await anvil.request<Hex>('eth_getTransactionCount', [account.address, 'latest']))

    await anvil.request('evm_setAutomine', [false])
    const pending = ex.execute({ opportunity, mode: 'flash', simulated: sim as SimulatedTrade, minProfit: 1n, bidBps: 0, priorityFee: 10n ** 9n })
    // Let the first transaction get stuck past stuckAfterMs, then mine one block.
    await new Promise((r) => setTimeout(r, 900))
    await anvil.request('evm_mine')
    const result = await pending

    expect(result.success, result.error ?? '').toBe(true)
    expect(result.realizedProfit).toBe((sim as { profit: bigint }).profit)
    const mined = await anvil.request<{ nonce: Hex; maxFeePerGas: Hex; maxPriorityFeePerGas: Hex }>('eth_getTransactionByHash', [result.txHash])
    expect(BigInt(mined.nonce)).toBe(nonceBefore)
    // A replacement (fees 20% up, at least once) is what got mined, not the stuck original.
    expect(BigInt(mined.maxPriorityFeePerGas)).toBeGreaterThan(10n ** 9n)
    expect(BigInt(await anvil.request<Hex>('eth_getTransactionCount', [account.address, 'latest']))).toBe(nonceBefore + 1n)
  }, 60_000)

  it('refuses to send above the max gas price, and leaves no nonce gap', async () => {
    const account = privateKeyToAccount(OWNER_KEY)
    const h = await head()
    const ex = createChainExecutor({ rpc: createRpcClient(anvil.rpcUrl), manifest, chainId: 31337, account, maxGasPrice: h.baseFee })
    ex.setHead(h)
    const sim = await ex.simulate(opportunity, 'flash')
    expect(sim.success).toBe(true)
    const nonceBefore = BigInt(await anvil.request<Hex>('eth_getTransactionCount', [account.address, 'latest']))
    const result = await ex.execute({ opportunity, mode: 'flash', simulated: sim as SimulatedTrade, minProfit: 1n, bidBps: 0, priorityFee: 10n ** 9n })
    expect(result.success).toBe(false)
    expect(result.txHash).toBeNull()
    expect(result.error).toMatch(/above max .*not sent/)
    expect(BigInt(await anvil.request<Hex>('eth_getTransactionCount', [account.address, 'pending']))).toBe(nonceBefore)
  }, 60_000)
})
