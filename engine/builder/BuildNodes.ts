import type { RpcClient } from '../chain/createRpcClient.js'

/**
 * The two nodes a build uses: `chain`, the Anvil whose blocks the builder produces (its pool is the public
 * mempool), and `sim`, a private Anvil forked from it where trial blocks are mined and thrown away, so
 * nothing that watches `chain` (new-head subscriptions, readers) ever sees a block that was not kept.
 */
export type BuildNodes = {
  readonly chain: RpcClient
  readonly sim: RpcClient
  /** Re-forks `sim` from `chain` at `blockNumber` (anvil_reset), dropping everything mined on it. */
  resetSim(blockNumber: bigint): Promise<void>
}
