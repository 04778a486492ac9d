import type { Hex } from 'viem'
import type { DevnetRpc } from '../../devnet/createTxSender.js'
import { deployDevnet } from '../../devnet/deployDevnet.js'
import type { Manifest } from '../../devnet/manifest.js'
import { ScenarioError } from '../../errors/ScenarioError.js'

/**
 * Deploys the devnet so that its blocks are the same on every run: each transaction is mined alone in its
 * own block before the next is sent. `deployDevnet` pipelines its sends on an automining node, and how many
 * of them Anvil's miner packs into one block depends on timing, which would change every later block hash.
 * Costs one receipt poll per transaction (about a second more for the whole devnet).
 */
export async function deployDevnetDeterministic(anvil: DevnetRpc, seed: number): Promise<Manifest> {
  const serial: DevnetRpc = {
    rpcUrl: anvil.rpcUrl,
    async request<T>(method: string, params: unknown[] = []): Promise<T> {
      const result = await anvil.request<T>(method, params)
      if (method === 'eth_sendTransaction') await waitMined(anvil, result as Hex)
      return result
    },
  }
  return deployDevnet(serial, { seed })
}

async function waitMined(anvil: DevnetRpc, hash: Hex): Promise<void> {
  for (let attempt = 0; attempt < 10_000; attempt++) {
    if (await anvil.request<unknown>('eth_getTransactionReceipt', [hash])) return
    await new Promise((r) => setTimeout(r, attempt < 20 ? 0 : 5))
  }
  throw new ScenarioError(`Devnet transaction ${hash} was not mined`, { step: 'deploy', details: 'is the node automining?' })
}
