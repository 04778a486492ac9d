import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { startLocalBuilder, type LocalBuilder } from '../../builder/startLocalBuilder.js'
import { devAccount } from '../../builder/testing/bundleFixtures.js'
import { createBundleClient } from '../../bundles/createBundleClient.js'
import { createRpcClient } from '../../chain/createRpcClient.js'
import { startAnvil, type Anvil } from '../../chain/startAnvil.js'
import { deployDevnet } from '../../devnet/deployDevnet.js'
import type { Manifest } from '../../devnet/manifest.js'
import { driveScenarioBehindBuilder, type LiveScenarioBlock } from './driveScenarioBehindBuilder.js'
import { prepareLiveScenario, type LiveScenarioSetup } from './prepareLiveScenario.js'
import { rivalSigners } from './setupRivalWallets.js'

let anvil: Anvil
let builder: LocalBuilder | undefined
let manifest: Manifest
let setup: LiveScenarioSetup

beforeAll(async () => {
  anvil = await startAnvil({ extraArgs: ['--order', 'fifo'] })
  manifest = await deployDevnet(anvil, { seed: 1 })
  setup = await prepareLiveScenario(createRpcClient(anvil.rpcUrl), manifest)
  builder = await startLocalBuilder({ anvil, blockTime: 12 })
}, 180_000)
afterAll(async () => {
  await builder?.stop()
  await anvil?.stop()
})

describe('driveScenarioBehindBuilder', () => {
  it('streams a stress scenario through the builder: flow in the public mempool, rivals as bundles; others’ bundles join and displace rivals without failing it', async () => {
    const b = builder!
    const rpc = createRpcClient(anvil.rpcUrl, { retries: 0 })
    const searcher = createBundleClient({ builders: [{ name: 'local', url: b.url }], signer: privateKeyToAccount(generatePrivateKey()) })
    const other = devAccount(7)
    const reports: LiveScenarioBlock[] = []
    const result = await driveScenarioBehindBuilder({
      rpc,
      builder: b,
      setup,
      scenario: 'stress',
      seed: 1,
      blocks: 8,
      onBlock: (r) => reports.push(r),
      beforeBuild: async (index, target) => {
        // Before block 3, somebody else's bundle (a plain transfer tipping the builder) joins the block.
        if (index === 3) {
          const nonce = Number(BigInt(await rpc.request<Hex>('eth_getTransactionCount', [other.address, 'latest'])))
          const raw = await other.signTransaction({ type: 'eip1559', chainId: 31337, nonce, to: other.address, value: 1n, gas: 21_000n, maxFeePerGas: 10n ** 12n, maxPriorityFeePerGas: 10n ** 11n })
          const [sent] = await searcher.sendBundle({ txs: [raw] }, [target])
          expect(sent!.error).toBeUndefined()
        }
        // Before block 5, a better-paying bundle takes a rival's nonce: that rival's backrun can no longer land
        // (left out), and the driver goes on; the rival signs its next backrun with the nonce the chain has then.
        if (index === 5) {
          const signers = rivalSigners(setup.pools.length).map((a) => a.address.toLowerCase())
          const rivalBundle = b.pendingBundles().find((x) => x.blockNumber === target && signers.includes(x.signer.toLowerCase()))!
          expect(rivalBundle).toBeDefined()
          const wallet = setup.rivals[signers.indexOf(rivalBundle.signer.toLowerCase())]!
          const nonce = Number(BigInt(await rpc.request<Hex>('eth_getTransactionCount', [wallet.address, 'latest'])))
          const raw = await wallet.signTransaction({ type: 'eip1559', chainId: 31337, nonce, to: wallet.address, value: 0n, gas: 21_000n, maxFeePerGas: 10n ** 13n, maxPriorityFeePerGas: 10n ** 12n })
          const [sent] = await searcher.sendBundle({ txs: [raw] }, [target])
          expect(sent!.error).toBeUndefined()
        }
      },
    })
    process.stdout.write(`${JSON.stringify(result.totals)}\n`)
    expect(result.blocks).toBe(8)
    expect(result.toBlock - result.fromBlock).toBe(7n)
    expect(reports.map((r) => r.number)).toEqual(Array.from({ length: 8 }, (_, k) => result.fromBlock + BigInt(k)))
    // The flow lands, in the public mempool's order (nothing left behind); rivals backrun as bundles and land.
    expect(result.totals.flowSent).toBeGreaterThan(20)
    expect(result.totals.flowMined).toBe(result.totals.flowSent)
    expect(result.totals.rivalsSent).toBeGreaterThan(0)
    expect(result.totals.rivalsLanded).toBeGreaterThan(0)
    expect(result.totals.rivalsLanded + result.totals.rivalsLeftOut).toBe(result.totals.rivalsSent)
    expect(reports[3]!.otherBundles).toBe(1)
    expect(reports[5]!.otherBundles).toBe(1)
    expect(reports[5]!.rivals.leftOut).toBe(1)
    expect(result.totals.otherBundles).toBe(2)
    expect(result.totals.rivalsLeftOut).toBe(1)
    // The blocks after it: every rival lands again.
    for (const r of reports.slice(6)) expect(r.rivals.landed).toBe(r.rivals.sent)
    // Nothing of the scenario is left waiting in the mempool.
    const pending = await rpc.request<{ pending: Hex; queued: Hex }>('txpool_status')
    expect(BigInt(pending.pending) + BigInt(pending.queued)).toBe(0n)
  }, 240_000)

  it('names a bad argument', async () => {
    const rpc = createRpcClient(anvil.rpcUrl, { retries: 0 })
    await expect(driveScenarioBehindBuilder({ rpc, builder: builder!, setup, scenario: 'stress', seed: 1, blocks: 10_001 })).rejects.toThrow(/blocks/)
    await expect(driveScenarioBehindBuilder({ rpc, builder: builder!, setup, scenario: 'meltdown', seed: 1, blocks: 5 })).rejects.toThrow(/scenario/)
  })
})
