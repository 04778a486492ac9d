import type { Hex } from 'viem'
import type { HDAccount } from 'viem/accounts'
import type { RpcClient } from '../../chain/createRpcClient.js'
import type { Manifest } from '../../devnet/manifest.js'
import { ScenarioError } from '../../errors/ScenarioError.js'
import { createBlockSender } from './createBlockSender.js'
import type { ScenarioContracts } from './encodeAction.js'
import { scenarioActors } from './scenarioActors.js'
import { rivalWallets, setupRivalWallets } from './setupRivalWallets.js'
import { setupActors } from './setupActors.js'
import { toScenarioPools } from './toScenarioPools.js'
import type { ScenarioPool } from './scenarioTypes.js'

/** A devnet made ready for `driveScenarioBehindBuilder`: its pools, the actors' contracts and the rivals' wallets. */
export type LiveScenarioSetup = {
  pools: ScenarioPool[]
  contracts: ScenarioContracts
  /** One per pool (index-aligned with `pools`). */
  rivals: HDAccount[]
}

const MAX_SETUP_BLOCKS = 50

async function mineUntilEmpty(rpc: RpcClient): Promise<void> {
  for (let i = 0; i < MAX_SETUP_BLOCKS; i++) {
    await rpc.request('evm_mine')
    const pool = await rpc.request<{ pending: Hex; queued: Hex }>('txpool_status')
    if (BigInt(pool.pending) + BigInt(pool.queued) === 0n) return
  }
  throw new ScenarioError(`The setup transactions were not all mined in ${MAX_SETUP_BLOCKS} blocks`, { step: 'setup' })
}

/**
 * Prepares a deployed devnet (before the builder starts) for a scenario driven live: funds the
 * scenario's actors (`setupActors`, which deploys a V2 router per venue) and one rival wallet per pool.
 * The actors are DEFAULT_MNEMONIC's dev accounts 1–5, so the node must be started with that mnemonic.
 *
 * @example
 * const setup = await prepareLiveScenario(rpc, manifest)
 * const builder = await startLocalBuilder({ anvil })
 * await driveScenarioBehindBuilder({ rpc, builder, manifest, setup, scenario: 'stress', seed: 1, blocks: 50 })
 */
export async function prepareLiveScenario(rpc: RpcClient, manifest: Manifest): Promise<LiveScenarioSetup> {
  const automine = await rpc.request<boolean>('anvil_getAutomine')
  const deployer = manifest.deployer
  if (!deployer) throw new ScenarioError('The devnet manifest has no deployer to mint tokens from', { step: 'setup' })
  // Setup sends hundreds of transactions at once: mined in blocks of their own choosing (automine off), until the
  // mempool is empty, so none is left queued behind a nonce that arrived late.
  await rpc.request('evm_setAutomine', [false])
  try {
    const mine = () => mineUntilEmpty(rpc)
    const sender = { ...(await createBlockSender(rpc, [deployer, ...Object.values(scenarioActors)])), mine }
    const contracts = await setupActors(rpc, sender, manifest)
    const pools = toScenarioPools(manifest)
    const rivals = rivalWallets(pools.length)
    await setupRivalWallets(rpc, manifest, contracts, rivals, mine)
    return { pools, contracts, rivals }
  } finally {
    await rpc.request('evm_setAutomine', [automine])
  }
}
