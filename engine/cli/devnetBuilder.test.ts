import { afterAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { keccak256, type Hex } from 'viem'
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts'
import { createRpcClient } from '../chain/createRpcClient.js'
import { isPortInUse } from '../chain/isPortInUse.js'
import { devAccount, signTx } from '../builder/testing/bundleFixtures.js'
import { createBundleClient } from '../bundles/createBundleClient.js'
import { runArb } from './runArb.js'

const dir = mkdtempSync(join(tmpdir(), 'arb-devnet-builder-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('arb devnet up --builder', () => {
  it('prints `builder <url>` before `ready …`, takes bundles, builds on builder_buildBlock, stops both on SIGINT', async () => {
    const arb = runArb(['devnet', 'up', '--builder', '--block-time', '0', '--manifest', join(dir, 'manifest.json')])
    try {
      const [, rpcUrl] = await arb.waitFor(/^ready (http:\/\/127\.0\.0\.1:\d+) (\S+)$/m, 180_000)
      const lines = (await arb.waitFor(/[\s\S]*/)).input.trim().split('\n')
      expect(lines[0]).toMatch(/^builder http:\/\/127\.0\.0\.1:\d+$/)
      expect(lines[1]).toMatch(/^ready /)
      const builderUrl = lines[0]!.split(' ')[1]!

      const rpc = createRpcClient(builderUrl, { retries: 0 })
      const head = BigInt(await rpc.request<Hex>('eth_blockNumber'))
      const sender = devAccount(5)
      const nonce = Number(BigInt(await rpc.request<Hex>('eth_getTransactionCount', [sender.address, 'latest'])))
      const tx = await signTx(sender, { nonce, to: devAccount(6).address, value: 1n, tip: 2_000_000_000n, maxFee: 1_000_000_000_000n, gas: 21_000n })
      const client = createBundleClient({ builders: [{ name: 'devnet', url: builderUrl }], signer: privateKeyToAccount(generatePrivateKey()) })
      const [sent] = await client.sendBundle({ txs: [tx] }, [head + 1n])
      expect(sent!.error).toBeUndefined()

      // Automine is off behind the builder: nothing is mined until a block is built.
      expect(BigInt(await createRpcClient(rpcUrl!, { retries: 0 }).request<Hex>('eth_blockNumber'))).toBe(head)
      const block = await rpc.request<{ number: Hex; transactions: Hex[]; bundles: { status: string; index: Hex }[] }>('builder_buildBlock')
      expect(BigInt(block.number)).toBe(head + 1n)
      expect(block.transactions).toEqual([keccak256(tx)])
      expect(block.bundles).toMatchObject([{ status: 'included', index: 0 }])

      const ports = [Number(new URL(rpcUrl!).port), Number(new URL(builderUrl).port)]
      arb.child.kill('SIGINT')
      const result = await arb.done
      expect(result.code).toBe(0)
      for (const port of ports) expect(await isPortInUse(port)).toBe(false)
    } finally {
      arb.child.kill('SIGKILL')
    }
  }, 240_000)

  it('refuses builder options without --builder, naming them', async () => {
    const result = await runArb(['devnet', 'up', '--block-time', '3']).done
    expect(result.code).toBe(1)
    expect(result.stderr).toMatch(/--builder-port, --block-time and --scenario: only with --builder/)
  })
})
